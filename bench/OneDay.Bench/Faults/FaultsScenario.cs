using OneDay.Bench.Scenarios;

namespace OneDay.Bench.Faults;

/// <summary>What the launcher needs to start the deployed topology for a fault run; no wrk script, no baseline.</summary>
internal sealed class FaultsScenario(string name) : Scenario
{
    public override string Name => name;

    public override string Description => "the mixed workload at a constant rate while faults are injected";

    public override AppMode Mode => AppMode.Cluster;

    public override string Path => "/";

    public override BaselineKind Baseline => BaselineKind.None;

    public override bool SpareSiloPorts => true;
}
