using System.Globalization;
using EventsBench;

// Usage: EventsBench <rabbitmq port> [events] [producers] [rounds]. Prints a markdown table;
// bench/events.sh starts the throwaway broker and writes the results file.
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var producers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
const double TargetRatio = 0.5;

await using var plain = new PlainRabbitLoop(port, producers);
await using var app = new OrleansStreamLoop(port, producers);
await plain.StartAsync();
await app.StartAsync();
await plain.RunAsync("warm-up", events / 10);
await app.RunAsync("warm-up", events / 10);

// Alternating rounds, so both paths see the same machine state; the median round of each is reported.
var plainRuns = new List<RunResult>();
var appRuns = new List<RunResult>();
for (var round = 0; round < rounds; round++)
{
    plainRuns.Add(await plain.RunAsync("plain RabbitMQ.Client publish (confirms) -> consume (ack)", events));
    appRuns.Add(await app.RunAsync("grain outbox -> RabbitMQ stream provider -> idempotent consumer", events));
}

static RunResult Median(List<RunResult> runs) => runs.OrderBy(r => r.PerSecond).ElementAt(runs.Count / 2);
var baseline = Median(plainRuns);
var measured = Median(appRuns);
var ratio = measured.PerSecond / baseline.PerSecond;
string Row(RunResult r) => string.Create(CultureInfo.InvariantCulture,
    $"| {r.Name} | {r.Events} | {r.Published.TotalSeconds:F2} | {r.Elapsed.TotalSeconds:F2} | {r.PerSecond:F0} | {r.P50:F1} / {r.P99:F1} / {r.Max:F1} |");
Console.WriteLine("Median of the rounds (by events/s):");
Console.WriteLine();
Console.WriteLine("| path | events | last publish confirmed, s | last event handled, s | events/s | publish-to-handle p50 / p99 / max ms |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.WriteLine(Row(baseline));
Console.WriteLine(Row(measured));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio (app / plain events/s): **{ratio:F2}x**, target >= {TargetRatio}x: **{(ratio >= TargetRatio ? "PASS" : "FAIL")}**"));
Console.WriteLine();
Console.WriteLine("Every round, events/s (plain / app / ratio):");
Console.WriteLine();
for (var round = 0; round < rounds; round++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"- round {round + 1}: {plainRuns[round].PerSecond:F0} / {appRuns[round].PerSecond:F0} / {appRuns[round].PerSecond / plainRuns[round].PerSecond:F2}x"));
}

return ratio >= TargetRatio ? 0 : 1;
