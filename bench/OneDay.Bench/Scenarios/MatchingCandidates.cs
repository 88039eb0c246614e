using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// GET /api/jobs/{id}/candidates (embedded) as the employers of seeded jobs in the synthetic city's area: each request
/// reads the job, its applications and invitations, then ranks the workers of the worker read model around it. The
/// profiles are saved after the jobs, so the seeding sends no new-job alerts. Issue 21's target: >= 2,000/s at 100,000
/// open jobs and 50,000 profiles.
/// </summary>
internal sealed class MatchingCandidates : Scenario
{
    private (long Before, long After, int Profiles) _memory;

    public override string Name => "matching-candidates";
    public override string Description => "a job's candidates among 50,000 seeded worker profiles (BENCH_JOBS_SEED 100000, BENCH_MATCHING_WORKERS 50000)";
    public override string Path => "/api/jobs/{id}/candidates";
    public override string? Lua => "matching-candidates.lua";
    public override BaselineKind Baseline => BaselineKind.None;
    public override double? TargetRps => 2_000;
    public override int? WarmupMin => 210;
    public override bool SignsOwnTokens => true;
    public override bool HasDrain => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        var jobs = await JobSeeder.SeedJobsAsync(context.Http, context.BaseUrl, context.SigningKey, Running.BenchSettings.Int("BENCH_JOBS_SEED", 100_000), context.Cancellation);
        var before = context.AppResidentBytes();
        var saved = (await MatchingProfileSeeder.SeedAsync(context, Running.BenchSettings.Int("BENCH_MATCHING_WORKERS", 50_000))).Count;
        _memory = (before, context.AppResidentBytes(), saved);
        // The jobs where the city's workers live (the seeder's metropolitan half): elsewhere a job has no candidates.
        var inCity = jobs.Where(j => j.Latitude is >= 37.40 and <= 37.70 && j.Longitude is >= 126.80 and <= 127.20).ToList();
        Console.WriteLine($"      asking for the candidates of {inCity.Count} jobs in the city");
        var directory = System.IO.Path.Combine(context.RunDirectory, "matching");
        Directory.CreateDirectory(directory);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "jobs.txt"), inCity.Select(j => $"{j.Id} {j.EmployerToken}"), context.Cancellation);
        context.Exports["BENCH_MATCHING_DIR"] = directory;
    }

    /// <summary>Nothing to wait for: reports the memory the profiles took, measured around their saving.</summary>
    public override Task<bool> DrainAsync(DrainContext context)
    {
        var (before, after, profiles) = _memory;
        context.Report.Add(
            $"- Memory per profile: the app's resident memory went from {Inv.F(before / 1048576.0, 0)} MiB to {Inv.F(after / 1048576.0, 0)} MiB " +
            $"while {profiles} matching profiles were saved, about {Inv.F((after - before) / 1024.0 / Math.Max(1, profiles), 1)} KiB each: the " +
            "profile grain and its stored state, the grains its entry reads (schedule, blocks, reputation), and the entry in the worker " +
            "read model and its store. An upper bound: the heap may have grown ahead of need.");
        return Task.FromResult(true);
    }
}
