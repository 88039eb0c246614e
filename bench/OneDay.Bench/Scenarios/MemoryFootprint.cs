using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// Issue 23's memory target: 100,000 open jobs and 50,000 worker profiles in at most 1.5 GB of resident memory in the
/// embedded mode, and what each open job and each active user costs. Saves the profiles, then posts the jobs, through
/// the real API, and reads the app's resident memory, GC heap and activations at rest before, after each, and once the
/// seeding's idle stream consumers have been collected. What wrk measures afterwards (health reads) only keeps the app
/// answering while the figures are reported.
/// </summary>
internal sealed class MemoryFootprint : Scenario
{
    private const double TargetBytes = 1.5e9;
    private const int MostActivatedTypes = 15;
    private readonly List<(string Moment, long Rss, SortedDictionary<string, double> Metrics, Dictionary<string, int> Activations)> _samples = [];
    private (int Profiles, int Jobs) _seeded;

    public override string Name => "memory";
    public override string Description => "resident memory with BENCH_MATCHING_WORKERS (50000) profiles and BENCH_JOBS_SEED (100000) open jobs";
    public override string Path => "/health/live";
    public override BaselineKind Baseline => BaselineKind.None;
    public override bool SignsOwnTokens => true;
    public override bool HasDrain => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        var idle = await Quiet.IdleAsync(context);
        await SampleAsync(context, "started, at rest");
        var profiles = (await MatchingProfileSeeder.SeedAsync(context, Running.BenchSettings.Int("BENCH_MATCHING_WORKERS", 50_000))).Count;
        await Quiet.WaitAsync(context, idle, TimeSpan.FromMinutes(3));
        await SampleAsync(context, $"{profiles} profiles saved");
        var jobs = (await JobSeeder.SeedAsync(
            context.Http, context.BaseUrl, context.SigningKey, Running.BenchSettings.Int("BENCH_JOBS_SEED", 100_000), context.Cancellation)).Count;
        await Quiet.WaitAsync(context, idle, TimeSpan.FromMinutes(3));
        await SampleAsync(context, $"{jobs} jobs posted");
        _seeded = (profiles, jobs);
        // The stream consumers the seeding woke are collected after ConsumerActivations.IdleMinutes (2) idle, the jobs
        // and profiles after EntityActivations.IdleMinutes (3); the collector runs every minute, and a gen2 collection
        // follows its garbage some time later.
        var settle = TimeSpan.FromSeconds(Running.BenchSettings.Int("BENCH_MEMORY_SETTLE", 300));
        Console.WriteLine($"      waiting {settle.TotalSeconds:F0} s for idle activations to be collected");
        await Task.Delay(settle, context.Cancellation);
        await SampleAsync(context, $"{settle.TotalSeconds:F0} s later");
    }

    public override Task<bool> DrainAsync(DrainContext context)
    {
        var names = _samples.SelectMany(s => s.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        context.Report.Add("Resident memory (/proc VmRSS of the app) and, from the app's /metrics, the GC heap and activations:");
        context.Report.Add("");
        context.Report.Add("| moment | RSS MiB | " + string.Join(" | ", names) + " |");
        context.Report.Add("|---|---:|" + string.Concat(names.Select(_ => "---:|")));
        foreach (var (moment, rss, metrics, _) in _samples)
        {
            context.Report.Add($"| {moment} | {Inv.F(rss / 1048576.0, 0)} | " + string.Join(" | ", names.Select(n => Figure(n, metrics))) + " |");
        }

        // The types with the most activations at any moment, with their count at each (from the dashboard's counters).
        var types = _samples.SelectMany(s => s.Activations).GroupBy(a => a.Key).OrderByDescending(g => g.Max(a => a.Value))
            .Take(MostActivatedTypes).Select(g => g.Key).ToList();
        if (types.Count > 0)
        {
            context.Report.Add("");
            context.Report.Add($"Activations of the {types.Count} grain types with the most (the Orleans dashboard's counters, sampled with the rows above):");
            context.Report.Add("");
            context.Report.Add("| grain type | " + string.Join(" | ", _samples.Select(s => s.Moment)) + " |");
            context.Report.Add("|---|" + string.Concat(_samples.Select(_ => "---:|")));
            foreach (var type in types)
            {
                context.Report.Add($"| {type} | " + string.Join(" | ", _samples.Select(s => s.Activations.GetValueOrDefault(type).ToString("N0", System.Globalization.CultureInfo.InvariantCulture))) + " |");
            }
        }

        if (_samples.Count == 4)
        {
            var (rest, profiled, posted, settled) = (_samples[0].Rss, _samples[1].Rss, _samples[2].Rss, _samples[3].Rss);
            var (profiles, jobs) = _seeded;
            context.Report.Add("");
            context.Report.Add($"- While seeding, with their activations: {Inv.F((profiled - rest) / 1024.0 / Math.Max(1, profiles), 1)} KiB of resident memory per profile saved, " +
                $"{Inv.F((posted - profiled) / 1024.0 / Math.Max(1, jobs), 1)} KiB per job posted. Once settled: {Inv.F((settled - rest) / 1024.0 / Math.Max(1, profiles + jobs), 1)} KiB " +
                "per profile or job over the process at rest (upper bounds: the heap grows ahead of need).");
            context.Report.Add($"- Target: at most {Inv.F(TargetBytes / 1e9, 1)} GB resident with both loaded: {Inv.F(settled / 1e9, 2)} GB once settled, " +
                $"{Inv.F(posted / 1e9, 2)} GB right after posting: **{(settled <= TargetBytes ? "PASS" : "FAIL")}**.");
        }

        return Task.FromResult(true);
    }

    private static string Figure(string name, SortedDictionary<string, double> metrics) =>
        !metrics.TryGetValue(name, out var value) ? "-"
        : name.EndsWith("_bytes", StringComparison.Ordinal) ? Inv.F(value / 1048576.0, 0) + " MiB"
        : Inv.F(value, 0);

    private async Task SampleAsync(PrepareContext context, string moment)
    {
        var metrics = await AppMetrics.ScrapeAsync(context.Http, context.BaseUrl, context.Cancellation);
        var activations = await ActivationCounts.ScrapeAsync(context.Http, context.BaseUrl, context.Cancellation);
        var rss = context.AppResidentBytes();
        _samples.Add((moment, rss, metrics, activations));
        Console.WriteLine($"      {moment}: {Inv.F(rss / 1048576.0, 0)} MiB resident");
    }
}
