namespace OneDay.Grains.Interfaces.Analytics;

/// <param name="Domains">The domains the silo hosts (its placement metadata).</param>
[GenerateSerializer, Immutable, Alias("oneday.analytics.silo-overview")]
public sealed record SiloOverview(
    [property: Id(0)] string Address,
    [property: Id(1)] string Name,
    [property: Id(2)] string Status,
    [property: Id(3)] IReadOnlyList<string> Domains,
    [property: Id(4)] long Activations);

/// <param name="ActivationsByDomain">Activations of each domain's grains over the cluster; Orleans' own under "system".</param>
[GenerateSerializer, Immutable, Alias("oneday.analytics.cluster-overview")]
public sealed record ClusterOverview(
    [property: Id(0)] IReadOnlyList<SiloOverview> Silos,
    [property: Id(1)] IReadOnlyDictionary<string, long> ActivationsByDomain,
    [property: Id(2)] int DeadLettersWaiting);

/// <summary>The cluster as operators see it on /ops: silos and their domains, activations, dead letters waiting.</summary>
[Alias("oneday.analytics.IClusterOverviewGrain")]
public interface IClusterOverviewGrain : IGrainWithIntegerKey
{
    [Alias("overview")]
    Task<ClusterOverview> Overview();
}
