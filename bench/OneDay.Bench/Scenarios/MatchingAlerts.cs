using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// JobCreated -> Matching -> "new job near you", timed under the apply benchmark's load (cluster topology: PostgreSQL,
/// RabbitMQ streams): wrk applies as jobs-apply does while <see cref="AlertProbe"/> posts a job every half second where
/// a fresh worker waits for its alert. Issue 21's target: p99 <= 2 s from creation to the notification stored. The wrk
/// figures are the apply load's; the verdict on the alerts is under *After the measurement*.
/// </summary>
internal sealed class MatchingAlerts : Scenario
{
    private const double TargetP99AlertMs = 2_000;
    private AlertProbe? _probe;

    public override string Name => "matching-alerts";
    public override string Description => "new-job alert latency while workers apply (cluster, RabbitMQ streams)";
    public override AppMode Mode => AppMode.Cluster;
    public override string Method => "POST";
    public override string Path => "/api/jobs";
    public override string? Lua => "jobs-apply.lua";
    public override BaselineKind Baseline => BaselineKind.None;
    public override bool SignsOwnTokens => true;
    public override bool HasDrain => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        await ApplyLoad.PrepareAsync(context);
        _probe = new AlertProbe(context);
        _probe.Start();
    }

    public override async Task<bool> DrainAsync(DrainContext context)
    {
        var (latencies, timeouts, failures) = await _probe!.StopAsync();
        if (latencies.Count == 0)
        {
            context.Report.Add($"- No alert arrived: {timeouts} probes timed out, {failures} failed.");
            return false;
        }

        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        var p99 = At(0.99);
        var pass = p99 <= TargetP99AlertMs && timeouts == 0;
        context.Report.Add(
            $"- New-job alerts, from the job's 201 to the notification listed in the worker's inbox, over {latencies.Count} probes " +
            $"(one every 0.5 s through warm-up and measurement): p50 {Inv.F(At(0.50), 0)} ms, p95 {Inv.F(At(0.95), 0)} ms, " +
            $"p99 {Inv.F(p99, 0)} ms, max {Inv.F(latencies[^1], 0)} ms; {timeouts} timed out (30 s), {failures} failed. " +
            $"Target p99 <= {Inv.F(TargetP99AlertMs, 0)} ms: **{(pass ? "PASS" : "FAIL")}**.");
        return true;
    }
}
