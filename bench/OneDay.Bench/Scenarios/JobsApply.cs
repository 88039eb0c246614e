using System.Globalization;
using OneDay.Bench.Prepare;
using OneDay.Testing;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// POST /api/jobs/{id}/applications on the cluster topology: the submission saga. Before answering 201 the job
/// grain registers the application in PostgreSQL (fsync on) and publishes ApplicationSubmitting to RabbitMQ, the
/// worker's schedule grain notes it (another write), and the job writes again and publishes ApplicationSubmitted.
/// The saga grain, the employer notification and job analytics consume both events after the answer. The drain
/// then waits until the event store holds every acknowledged application.
/// </summary>
internal sealed class JobsApply : Scenario
{
    public override string Name => "jobs-apply";
    public override string Description => "worker applies to a job (cluster, RabbitMQ streams), then the events drain";
    public override AppMode Mode => AppMode.Cluster;
    public override string Method => "POST";
    public override string Path => "/api/jobs";
    public override string? Lua => "jobs-apply.lua";

    // An absolute target (issue 5: >= 2,000/s, p99 <= 50 ms); no baseline, because the request costs a grain write
    // plus a publish plus its consumers' writes, which one pgbench upsert does not model.
    public override BaselineKind Baseline => BaselineKind.None;
    public override double? TargetRps => 2000;
    public override double? TargetP99Ms => 50;
    public override bool SignsOwnTokens => true;
    public override bool HasDrain => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        // Coprime counts: see bench/lua/jobs-apply.lua.
        var jobs = Running.BenchSettings.Int("BENCH_APPLY_JOBS", 1001);
        var workers = Running.BenchSettings.Int("BENCH_APPLY_WORKERS", 2048);
        var directory = System.IO.Path.Combine(context.RunDirectory, "apply");
        Directory.CreateDirectory(directory);
        File.Delete(System.IO.Path.Combine(directory, "runs"));
        // Far-future shifts (60-90 days) and the maximum headcount: no job starts, expires or fills during the run.
        var ids = await JobSeeder.SeedAsync(context.Http, context.BaseUrl, context.SigningKey, jobs, context.Cancellation, daysAhead: 60, headcount: 500);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "jobs.txt"), ids, context.Cancellation);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "tokens.txt"),
            Enumerable.Range(0, workers).Select(_ => BenchTokens.Sign(context.SigningKey, ["worker"], 240)), context.Cancellation);
        context.Exports["BENCH_APPLY_DIR"] = directory;
        context.Exports["BENCH_APPLY_SINCE"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    public override Task<bool> DrainAsync(DrainContext context)
    {
        // 2xx answers of every wrk run: requests minus HTTP errors, timeouts and socket errors.
        var expected = context.WarmUp.Concat(context.Measured).Sum(r => r.Successes);
        var prepared = context.Prepared;
        return EventDrain.RunAsync(
            prepared.Http, prepared.BaseUrl, prepared.SigningKey, "jobs.application-submitted", "applications", prepared.Exports["BENCH_APPLY_SINCE"], expected,
            TimeSpan.FromSeconds(Running.BenchSettings.Int("BENCH_APPLY_DRAIN_TIMEOUT", 180)), context.WrkEnded, context.Report, prepared.Cancellation);
    }
}
