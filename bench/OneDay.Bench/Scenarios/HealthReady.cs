namespace OneDay.Bench.Scenarios;

/// <summary>
/// GET /health/ready: the readiness probe's last result (the probe itself runs in the background, writing and
/// reading a record in each domain's storage). Reported for information: no target.
/// </summary>
internal sealed class HealthReady : Scenario
{
    public override string Name => "health-ready";
    public override string Description => "readiness answer (information only)";
    public override string Path => "/health/ready";
}
