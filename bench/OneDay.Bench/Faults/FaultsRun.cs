using System.Globalization;
using System.Text;
using OneDay.Bench.Reporting;
using OneDay.Testing;
using OneDay.Testing.Load;

namespace OneDay.Bench.Faults;

/// <summary>
/// The fault runner's long form and soak (bench/README.md, "Faults under load"): the mixed workload at a constant rate
/// on the deployed topology while the plan's faults happen, then the checks of every acknowledged write; the report
/// goes to bench/results/faults.md or faults-soak.md.
/// </summary>
internal static class FaultsRun
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    /// <returns>0 when no request was answered 500 and every acknowledged write was found; 1 otherwise.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var soak = arguments.Contains("--soak");
        var name = soak ? "faults-soak" : "faults";
        // The soak runs at half the sustained rate of bench/results/capacity.md (300/s), as issue 23 asks.
        var rate = Number("BENCH_FAULTS_RATE", soak ? 150 : 120);
        var soakMinutes = Number("BENCH_SOAK_MINUTES", 30);
        if (soak && soakMinutes > MaxSoakMinutes)
        {
            await Console.Error.WriteLineAsync($"BENCH_SOAK_MINUTES may be at most {MaxSoakMinutes}: the workload's access tokens live 60 minutes");
            return 1;
        }

        await using var cluster = await LoadCluster.StartAsync(name, cancellation);
        if (cluster is null)
        {
            await Console.Error.WriteLineAsync("another bench run is running (lock: bench/.work/run.lock)");
            return 1;
        }

        Console.WriteLine($"== {name}: preparing accounts and jobs");
        var workload = await MixedWorkload.PrepareAsync(cluster.Pool, Workload, cancellation);
        var plans = new FaultPlans(cluster.App, cluster.Infrastructure, _ => cluster.LoseSecondGatewayAsync(), _ => cluster.RestoreSecondGatewayAsync());
        var (duration, faults) = soak ? plans.Soak(TimeSpan.FromMinutes(soakMinutes)) : plans.Long();
        var memory = new MemorySampler(() => cluster.Processes, TimeSpan.FromSeconds(10));
        var sampling = memory.RunAsync(duration, cancellation);
        var recorder = new LoadRecorder();
        var driver = new ArrivalRateDriver(recorder);
        Console.WriteLine($"== {name}: {rate}/s for {duration.TotalSeconds:F0} s");
        var marks = await driver.RunAsync(rate, duration, workload.Next, faults, Console.WriteLine, cancellation);
        await sampling;
        var report = LoadReport.Of(recorder, marks, rate, driver.Dropped, WarmUp);
        Console.WriteLine($"== {name}: checking every acknowledged write");
        var checks = await WriteChecks.VerifyAsync(cluster.Pool, workload.Acknowledged, BenchTokens.Sign(cluster.SigningKey, ["admin"], 10), cancellation);

        var section = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"## {cluster.Run.Stamp}, {rate}/s").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"{cluster.Command(soak ? "faults --soak" : "faults")} on {Environment.ProcessorCount} cores, load average {MachineFacts.LoadAverage()} at the end.")
            .AppendLine().Append(report.ToMarkdown()).AppendLine().Append(memory.ToMarkdown()).AppendLine()
            .AppendLine("Checks after the run: " + checks).AppendLine().ToString();
        Console.WriteLine(section);
        Console.WriteLine("Results: " + await cluster.FileAsync(name, Header(name), section));
        return report.ServerErrors == 0 && checks.Ok ? 0 : 1;
    }

    /// <summary>What fits in the access tokens' 60 minutes (LoadCluster) with the start and the checks.</summary>
    private const int MaxSoakMinutes = 50;

    /// <summary>Accounts and jobs enough that requests spread over many grains, as a day's users do.</summary>
    public static readonly WorkloadOptions Workload = new(Workers: 200, Employers: 40, JobsPerEmployer: 5);

    public static int Number(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Header(string name) => $"""
        # {name}

        The fault runner's {(name == "faults" ? "long form" : "soak")} (bench/README.md, "Faults under load"): the deployed topology
        (four silos in their domain groups, two gateways, mutual TLS, PostgreSQL with fsync on, RabbitMQ streams) under the
        mixed workload of OneDay.Testing/Load at a constant arrival rate, latency counted from when each request was due.
        A failure is a 503, a 5xx, a timeout (10 s) or a broken connection; a 4xx is an answer. Runs are appended, newest last.

        """;
}
