using System.Globalization;
using OneDay.Bench.Measure;
using OneDay.Bench.Reporting;
using OneDay.Bench.Results;
using OneDay.Bench.Scenarios;

namespace OneDay.Bench.Running;

/// <summary>
/// A whole run: the selected scenarios one after another (one server under load at a time), the pgbench reference
/// when asked for, the run's results.md, and each scenario's part filed into bench/results/.
/// </summary>
internal static class BenchRun
{
    /// <returns>The process exit code: 0, or 1 when a scenario FAILed or could not run.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<Scenario> selected, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var settings = BenchSettings.FromEnvironment();
        var paths = BenchPaths.FromRepository();
        using var held = RunLock.TryTake(paths.Work);
        if (held is null)
        {
            await Console.Error.WriteLineAsync("another bench run is running (lock: bench/.work/run.lock)");
            return 1;
        }

        var now = DateTime.UtcNow;
        var stamp = now.ToString("yyyy-MM-dd'T'HHmm'Z'", CultureInfo.InvariantCulture);
        var shortName = settings.Name ?? (arguments.Count == 0 ? "all" : string.Join('+', selected.Select(s => s.Name)));
        shortName = System.Text.RegularExpressions.Regex.Replace(shortName, "[^A-Za-z0-9._+-]", "_");
        var runDirectory = Path.Combine(paths.Work, "runs", $"{stamp}-{Environment.ProcessId}");
        var run = new RunContext(settings, paths, stamp, runDirectory, cancellation);
        foreach (var directory in new[] { run.Logs, run.LuaDirectory, run.Raw, paths.Results })
        {
            Directory.CreateDirectory(directory);
        }

        var needKestrel = selected.Any(s => s.Baseline == BaselineKind.Kestrel);
        var embedded = selected.Any(s => s.Mode == AppMode.Embedded);
        var cluster = selected.Any(s => s.Mode == AppMode.Cluster);
        var reference = settings.Pgbench ?? arguments.Count == 0;
        var facts = new RunFacts
        {
            ShortName = shortName,
            Invocation = string.Concat(settings.Given.Select(g => g + " ")) + "dotnet run --project bench/OneDay.Bench -c Release --"
                + string.Concat(arguments.Select(a => " " + a)),
            StartedAt = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            LoadBefore = MachineFacts.LoadAverage(),
            Embedded = embedded,
            Cluster = cluster,
        };

        await using var infrastructure = new Infrastructure(run);
        var tally = new RunTally();
        try
        {
            run.Log.Comment("build");
            if (needKestrel)
            {
                await Publisher.PublishAsync(run, "bench/baseline/BareKestrel/BareKestrel.csproj", "kestrel");
            }

            if (embedded)
            {
                await Publisher.PublishAsync(run, "OneDay.Embedded/OneDay.Embedded.csproj", "embedded");
            }

            if (cluster)
            {
                await Publisher.PublishDeployedAsync(run, "OneDay.Api/OneDay.Api.csproj", "api");
                await Publisher.PublishDeployedAsync(run, "OneDay.Silo/OneDay.Silo.csproj", "silo");
            }

            var pgbench = new PgbenchDriver(run, infrastructure);
            var runner = new ScenarioRunner(run, infrastructure, new AppLauncher(run, infrastructure), pgbench, tally);
            for (var i = 0; i < selected.Count; i++)
            {
                await runner.RunAsync(selected[i], i + 1, selected.Count);
            }

            if (reference && !tally.PgbenchMeasured)
            {
                Console.WriteLine("== pgbench upsert baseline (reference for persisted-write scenarios)");
                await pgbench.PrepareAsync("pgbench-reference");
                var f = await pgbench.MeasureAsync("pgbench-reference");
                tally.PgbenchRow = $"| {f.Rate} | {f.Latency} | {Inv.F(f.MeanMs, 3)} ms | {f.Errors} |";
            }
        }
        catch (InvalidOperationException ex) when (!cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        facts.FinishedAt = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        facts.LoadAfter = MachineFacts.LoadAverage();
        facts.GcModes = string.Join(", ", new[]
        {
            embedded ? "app " + MachineFacts.GcMode(Path.Combine(run.Published("embedded"), "OneDay.Embedded.runtimeconfig.json")) : null,
            cluster ? "gateway " + MachineFacts.GcMode(Path.Combine(run.Published("api"), "OneDay.Api.runtimeconfig.json")) : null,
            cluster ? "silos " + MachineFacts.GcMode(Path.Combine(run.Published("silo"), "OneDay.Silo.runtimeconfig.json")) : null,
            needKestrel ? "bare Kestrel " + MachineFacts.GcMode(Path.Combine(run.Published("kestrel"), "BareKestrel.runtimeconfig.json")) : null,
        }.OfType<string>()) + " (from their runtimeconfig.json)";
        await MachineFacts.FillAsync(facts, paths.Root, infrastructure.Postgres is not null);
        var output = Path.Combine(runDirectory, "results.md");
        await File.WriteAllTextAsync(output, RunReport.Write(run, tally, facts, infrastructure), CancellationToken.None);

        Console.WriteLine();
        Console.WriteLine($"Results (the whole run: {paths.Relative(output)}; logs: {paths.Relative(runDirectory)}):");
        foreach (var filed in ResultsFiler.FileRun(output, paths.Results))
        {
            Console.WriteLine("  " + paths.Relative(filed));
        }

        if (tally.Failures > 0)
        {
            await Console.Error.WriteLineAsync($"{tally.Failures} scenario(s) FAILED or could not run.");
            return 1;
        }

        return 0;
    }
}
