using OneDay.Bench.Prepare;
using OneDay.Testing;

namespace OneDay.Bench.Scenarios;

/// <summary>GET /api/jobs?lat=&amp;lon=&amp;radiusKm=3: geo search near random points of Seoul over the seeded open jobs.</summary>
internal sealed class JobsSearch : Scenario
{
    public override string Name => "jobs-search";
    public override string Description => "geo search near a point over the seeded open jobs (BENCH_JOBS_SEED, default 100000)";
    public override string Path => "/api/jobs";
    public override string? Lua => "jobs-search.lua";
    public override BaselineKind Baseline => BaselineKind.None;
    public override double? TargetRps => 10_000;
    public override double? TargetP99Ms => 20;

    // Seeding activates three stream consumers per job (saga, notifications, analytics). Idle, they are collected
    // ConsumerActivations.IdleMinutes (2) after their job's posting, one collection quantum (1 min) at a time, and
    // each of those collections of ~90,000 activations stalls the silo for about a second. This scenario measures
    // searching 100k open jobs, not the loader's aftermath: the warm-up outlasts it.
    public override int? WarmupMin => 210;

    public override bool SignsOwnTokens => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        await JobSeeder.SeedAsync(context.Http, context.BaseUrl, context.SigningKey, Running.BenchSettings.Int("BENCH_JOBS_SEED", 100_000), context.Cancellation);
        context.Exports["BENCH_TOKEN"] = BenchTokens.Sign(context.SigningKey, ["worker"]);
    }
}
