namespace OneDay.Bench.Scenarios;

/// <summary>GET /health/live: the gateway pipeline (routing, correlation id, problem details, health writer), no grain call.</summary>
internal sealed class HealthLive : Scenario
{
    public override string Name => "health-live";
    public override string Description => "gateway pipeline, no grain call";
    public override string Path => "/health/live";
    public override double? TargetRatio => 0.7;
    public override double? TargetP99Ms => 5;
}
