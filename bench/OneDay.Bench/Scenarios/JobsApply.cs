using OneDay.Bench.Prepare;

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

    public override Task PrepareAsync(PrepareContext context) => ApplyLoad.PrepareAsync(context);

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
