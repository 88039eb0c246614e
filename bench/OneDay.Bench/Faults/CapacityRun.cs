using System.Globalization;
using System.Text;
using HdrHistogram;
using OneDay.Bench.Measure;
using OneDay.Bench.Reporting;
using OneDay.Testing.Load;

namespace OneDay.Bench.Faults;

/// <summary>
/// The mixed workload's sustainable rate on the deployed topology: a minute at each of rising rates, and the highest one
/// still answered at a mean under 200 ms with at most 0.1 % failed (the design's targets); the report goes to
/// bench/results/capacity.md, where the capacity model (docs/capacity.md) reads it.
/// </summary>
internal static class CapacityRun
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private const double MeanTargetMs = 200;

    /// <summary>The design's 99.9 % availability, as a share of the requests a step may fail.</summary>
    private const double MaxFailedShare = 0.001;

    public static async Task<int> RunAsync(CancellationToken cancellation)
    {
        var rates = (Environment.GetEnvironmentVariable("BENCH_CAPACITY_RATES") ?? "50,100,150,200,250,300,350,400")
            .Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        await using var cluster = await LoadCluster.StartAsync("capacity", cancellation);
        if (cluster is null)
        {
            await Console.Error.WriteLineAsync("another bench run is running (lock: bench/.work/run.lock)");
            return 1;
        }

        var workload = await MixedWorkload.PrepareAsync(cluster.Pool, FaultsRun.Workload, cancellation);
        // The first minute at the lowest rate warms every process up, and is not reported.
        await new ArrivalRateDriver(new LoadRecorder()).RunAsync(rates[0], Step, workload.Next, [], Console.WriteLine, cancellation);
        var rows = new StringBuilder(
            "| rate /s | answered ok /s | mean ms | p99 ms | failed | sustained | CPU ms per request | PostgreSQL transactions /s | rows written /s |\n"
            + "|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        double? sustained = null;
        List<string> costs = [];
        foreach (var rate in rates)
        {
            var recorder = new LoadRecorder();
            var driver = new ArrivalRateDriver(recorder);
            var cpuBefore = CpuTicks.Snapshot(Components(cluster));
            var pgBefore = await PgWrites.SnapshotAsync(cluster.Infrastructure.ConnectionString, cancellation);
            await driver.RunAsync(rate, Step, workload.Next, [], Console.WriteLine, cancellation);
            var cpuAfter = CpuTicks.Snapshot(Components(cluster));
            var pgAfter = await PgWrites.SnapshotAsync(cluster.Infrastructure.ConnectionString, cancellation);
            var report = LoadReport.Of(recorder, [], rate, driver.Dropped, TimeSpan.Zero);
            var requests = report.Operations.Values.Sum(h => h.TotalCount);
            var all = report.Operations.Values.Aggregate(new LongHistogram(LoadRecorder.MaxMicroseconds, 3), (sum, h) =>
            {
                sum.Add(h);
                return sum;
            });
            var mean = all.GetMean() / 1000;
            var ok = report.Failures + driver.Dropped <= MaxFailedShare * requests && mean < MeanTargetMs;
            sustained = ok ? rate : sustained;
            var cpuMs = (cpuAfter.Skip(1).Sum(c => c.Ticks) - cpuBefore.Skip(1).Sum(c => c.Ticks)) / CpuTicks.Hz * 1000 / Math.Max(1, requests);
            var commits = pgAfter["(commits)"].A - pgBefore["(commits)"].A;
            var written = pgAfter.Where(r => !r.Key.StartsWith('(') && !r.Key.StartsWith("state:", StringComparison.Ordinal))
                .Sum(r => r.Value.A + r.Value.B + r.Value.C - (pgBefore.GetValueOrDefault(r.Key).A + pgBefore.GetValueOrDefault(r.Key).B + pgBefore.GetValueOrDefault(r.Key).C));
            rows.AppendLine(CultureInfo.InvariantCulture,
                $"| {rate:F0} | {report.ByOutcome[Outcome.Ok] / Step.TotalSeconds:F0} | {mean:F1} | {all.GetValueAtPercentile(99) / 1000.0:F1} | {report.Failures + driver.Dropped} | {(ok ? "yes" : "no")} | {cpuMs:F2} | {commits / Step.TotalSeconds:F0} | {written / Step.TotalSeconds:F0} |");
            if (ok)
            {
                // Where a request's cost goes at the highest rate sustained, for the capacity model.
                costs = [$"Where the time and the writes went at {rate:F0}/s:", "",
                    .. CpuTicks.Report(cpuBefore, cpuAfter, requests, (int)Step.TotalSeconds), "",
                    .. PgWrites.Report(pgBefore, pgAfter, requests, 0)];
            }

            Console.WriteLine($"   {rate}/s: mean {mean:F1} ms, p99 {all.GetValueAtPercentile(99) / 1000.0:F1} ms, {report.Failures} failed");
            if (!ok && mean > 5 * MeanTargetMs)
            {
                break;
            }
        }

        var section = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"## {cluster.Run.Stamp}: sustained {(sustained is { } s ? s.ToString("F0", CultureInfo.InvariantCulture) + "/s" : "none of the rates")}").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"{cluster.Command("faults --capacity")} on {Environment.ProcessorCount} cores, load average {MachineFacts.LoadAverage()} at the end; a minute per rate.")
            .AppendLine().Append(rows).AppendLine()
            .AppendLine("CPU is every process of the app with PostgreSQL and RabbitMQ (not the load generator), per request answered or")
            .AppendLine("failed; transactions include read-only ones; rows written are those of every table, inserted, updated or deleted.").AppendLine()
            .AppendJoin('\n', costs).AppendLine().AppendLine().ToString();
        Console.WriteLine(section);
        Console.WriteLine("Results: " + await cluster.FileAsync("capacity", Header, section));
        return 0;
    }

    private static IEnumerable<(string Name, int? Pid)> Components(LoadCluster cluster) =>
    [
        .. cluster.Processes.Select(p => (p.Name, (int?)p.Pid)),
        ("postgresql", cluster.Infrastructure.Postgres?.PostmasterPid),
        ("rabbitmq", cluster.Infrastructure.RabbitMq?.ProcessId),
    ];

    private const string Header = """
        # capacity

        The mixed workload of OneDay.Testing/Load (searches, job and profile reads, profile edits, job posts, applications,
        chat messages) on the deployed topology (four silos in their domain groups, two gateways, PostgreSQL with fsync on,
        RabbitMQ), a minute at each rate, latency from when each request was due. Sustained: at most 0.1 % failed and a
        mean under 200 ms, the design's targets. Runs are appended, newest last.

        """;
}
