namespace OneDay.Bench.Scenarios;

/// <summary>
/// What telemetry costs a read: users-get with metrics on, as every deployment runs, against a second instance with
/// <c>OneDay:Telemetry:Enabled=false</c>, both prepared the same way and measured in turns.
/// </summary>
internal sealed class TelemetryCost : UsersGet
{
    public override string Name => "telemetry-cost";
    public override string Description => "users-get with metrics on (the default) against the app with telemetry off";
    public override BaselineKind Baseline => BaselineKind.SameApp;

    public override IReadOnlyDictionary<string, string> BaselineEnvironment => new Dictionary<string, string>
    {
        ["OneDay__Telemetry__Enabled"] = "false",
    };

    public override double? TargetRatio => 0.95;
    public override double? TargetP99Ms => null;
}
