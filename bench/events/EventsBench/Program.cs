using System.Globalization;
using EventsBench;

// Usage: EventsBench <rabbitmq port> [events] [producers]. Prints a markdown table; bench/events.sh
// starts the throwaway broker and writes the results file.
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var producers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
const double TargetRatio = 0.5;

await using var plain = new PlainRabbitLoop(port, producers);
await plain.StartAsync();
await plain.RunAsync("warm-up", events / 10);
var baseline = await plain.RunAsync("plain RabbitMQ.Client publish (confirms) -> consume (ack)", events);

await using var app = new OrleansStreamLoop(port, producers);
await app.StartAsync();
await app.RunAsync("warm-up", events / 10);
var measured = await app.RunAsync("grain outbox -> RabbitMQ stream provider -> idempotent consumer", events);

var ratio = measured.PerSecond / baseline.PerSecond;
string Row(RunResult r) => string.Create(CultureInfo.InvariantCulture,
    $"| {r.Name} | {r.Events} | {r.Published.TotalSeconds:F2} | {r.Elapsed.TotalSeconds:F2} | {r.PerSecond:F0} | {r.P50:F1} / {r.P99:F1} / {r.Max:F1} |");
Console.WriteLine("| path | events | last publish confirmed, s | last event handled, s | events/s | publish-to-handle p50 / p99 / max ms |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.WriteLine(Row(baseline));
Console.WriteLine(Row(measured));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio (app / plain events/s): **{ratio:F2}x**, target >= {TargetRatio}x: **{(ratio >= TargetRatio ? "PASS" : "FAIL")}**"));
return ratio >= TargetRatio ? 0 : 1;
