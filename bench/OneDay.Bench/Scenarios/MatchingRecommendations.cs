using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// GET /api/matching/recommendations (embedded) for workers of a synthetic city, over the seeded open jobs: each
/// request reads one worker's profile, schedule and blocks and scores every open job in the geo cells within their
/// travel distance. Issue 21's target: >= 5,000/s with p99 <= 20 ms at 100,000 open jobs and 50,000 profiles.
/// </summary>
internal sealed class MatchingRecommendations : Scenario
{
    public override string Name => "matching-recommendations";
    public override string Description => "a worker's recommendations over the seeded open jobs (BENCH_JOBS_SEED 100000, BENCH_MATCHING_WORKERS 50000)";
    public override string Path => "/api/matching/recommendations";
    public override string? Lua => "matching-recommendations.lua";
    public override BaselineKind Baseline => BaselineKind.None;
    public override double? TargetRps => 5_000;
    public override double? TargetP99Ms => 20;

    // As jobs-search: the warm-up outlasts the collection of the seeding's idle stream consumers.
    public override int? WarmupMin => 210;

    public override bool SignsOwnTokens => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        await JobSeeder.SeedAsync(context.Http, context.BaseUrl, context.SigningKey, Running.BenchSettings.Int("BENCH_JOBS_SEED", 100_000), context.Cancellation);
        var tokens = await MatchingProfileSeeder.SeedAsync(context, Running.BenchSettings.Int("BENCH_MATCHING_WORKERS", 50_000));
        var directory = System.IO.Path.Combine(context.RunDirectory, "matching");
        Directory.CreateDirectory(directory);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "tokens.txt"), tokens, context.Cancellation);
        context.Exports["BENCH_MATCHING_DIR"] = directory;
    }
}
