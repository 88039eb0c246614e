using OneDay.Bench.Prepare;
using OneDay.Testing;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// GET /api/jobs/{id}: JWT validation, authorization, one grain read (the job). Reads spread over 100 posted
/// jobs, as real traffic does: one hot grain would measure a single activation's queue instead.
/// </summary>
internal sealed class JobsGet : Scenario
{
    public override string Name => "jobs-get";
    public override string Description => "authenticated GET of a job (grain-backed read)";
    public override string Path => "/api/jobs";
    public override string? Lua => "jobs-get.lua";
    public override double? TargetRatio => 0.7;
    public override double? TargetP99Ms => 5;

    // The per-user rate limit is lifted because one token drives all the load.
    public override bool SignsOwnTokens => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        var ids = await JobSeeder.SeedAsync(context.Http, context.BaseUrl, context.SigningKey, 100, context.Cancellation);
        context.Exports["BENCH_JOB_IDS"] = string.Join(',', ids);
        context.Exports["BENCH_TOKEN"] = BenchTokens.Sign(context.SigningKey, ["worker"]);
    }
}
