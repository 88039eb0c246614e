using System.Runtime.InteropServices;
using OneDay.Bench.Faults;
using OneDay.Bench.Results;
using OneDay.Bench.Running;
using OneDay.Bench.Scenarios;

// The benchmark harness (bench/README.md):
//   dotnet run --project bench/OneDay.Bench -c Release -- [--list] [scenario ...]   no names = every scenario
//   dotnet run --project bench/OneDay.Bench -c Release -- file RUN_MD [--results-dir DIR]
//       files a run's results.md (this runner's, bench/events.sh's or bench/random-ids.sh's) into bench/results/
//   dotnet run --project bench/OneDay.Bench -c Release -- faults [--soak | --capacity]   faults under load, the
//       mixed workload's sustainable rate (bench/README.md)
if (args is ["-h" or "--help", ..])
{
    Console.WriteLine("""
        usage: dotnet run --project bench/OneDay.Bench -c Release -- [--list] [scenario ...]
               dotnet run --project bench/OneDay.Bench -c Release -- file RUN_MD [--results-dir DIR]
               dotnet run --project bench/OneDay.Bench -c Release -- faults [--soak | --capacity]
        Environment: BENCH_DURATION (15), BENCH_PAIRS (3), BENCH_WARMUP (60), BENCH_WARMUP_ROUND (10),
        BENCH_WARMUP_MAX (120), BENCH_WARMUP_TOLERANCE (5), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
        BENCH_NAME, BENCH_NOTE, BENCH_PGBENCH (0/1), BENCH_PG_KEYS (100000); see bench/README.md.
        """);
    return 0;
}

var luaDirectory = Path.Combine(BenchPaths.FromRepository().Lua);
foreach (var scenario in ScenarioCatalog.All)
{
    foreach (var problem in scenario.Problems(luaDirectory))
    {
        await Console.Error.WriteLineAsync($"{scenario.Name}: {problem}");
        return 2;
    }
}

if (args is ["--list"])
{
    foreach (var s in ScenarioCatalog.All)
    {
        Console.WriteLine($"{s.Name,-24} {(s.Mode == AppMode.Embedded ? "embedded" : "cluster"),-8} {s.Method,-6} {s.Path,-32} vs {s.Baseline.ToString().ToLowerInvariant(),-7} {s.Description}");
    }

    return 0;
}

if (args is ["file", var runMarkdown, .. var rest])
{
    var resultsDirectory = rest is ["--results-dir", var dir] ? dir : BenchPaths.FromRepository().Results;
    foreach (var path in ResultsFiler.FileRun(runMarkdown, resultsDirectory))
    {
        Console.WriteLine(path);
    }

    return 0;
}

// The fault runner: the mixed workload at a constant rate on the cluster while faults are injected.
IReadOnlyList<string>? fault = args is ["faults", .. var faultArguments] ? faultArguments : null;
var selected = new List<Scenario>();
foreach (var name in fault is null ? args : [])
{
    if (ScenarioCatalog.Find(name) is not { } found)
    {
        await Console.Error.WriteLineAsync($"unknown scenario '{name}'; known: {string.Join(' ', ScenarioCatalog.All.Select(s => s.Name))}");
        return 2;
    }

    selected.Add(found);
}

if (selected.Count == 0)
{
    selected.AddRange(ScenarioCatalog.All);
}

// Everything the run started is stopped on exit, on errors, on Ctrl-C and on SIGTERM.
using var cancellation = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine($"bench: {context.Signal}; stopping what the run started");
    cancellation.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
try
{
    return fault is null ? await BenchRun.RunAsync(selected, args, cancellation.Token)
        : fault is ["--capacity"] ? await CapacityRun.RunAsync(cancellation.Token)
        : await FaultsRun.RunAsync(fault, cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    return 130;
}
finally
{
    ProcessRegistry.KillAll();
}
