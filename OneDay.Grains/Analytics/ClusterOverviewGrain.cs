using System.Collections.Frozen;
using System.Reflection;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Placement;
using Orleans.Concurrency;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OneDay.Grains.Analytics;

/// <summary>Reads the cluster's membership, placement metadata and activation counts from Orleans' management grain.</summary>
[StatelessWorker]
public sealed class ClusterOverviewGrain(ISiloMetadataCache metadata) : Grain, IClusterOverviewGrain
{
    public const string System = "system";

    // Each grain class of ours is placed by its domain's attribute; anything else (Orleans' own, the dashboard's) is system.
    private static readonly FrozenDictionary<string, string> DomainOfClass = typeof(ClusterOverviewGrain).Assembly.GetTypes()
        .Select(t => (t.FullName, Placement: t.GetCustomAttribute<DomainPlacementAttribute>()))
        .Where(t => t.FullName is not null && t.Placement is not null)
        .ToFrozenDictionary(t => t.FullName!, t => t.Placement!.Domain, StringComparer.Ordinal);

    public async Task<ClusterOverview> Overview()
    {
        var management = GrainFactory.Reference<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: true);
        var statistics = await management.GetSimpleGrainStatistics();
        var waiting = await GrainFactory.Reference<IDeadLetterGrain>(0).Waiting();

        var silos = hosts
            .OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new SiloOverview(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.Status.ToString(),
                DomainsOf(h.SiloAddress),
                statistics.Where(s => s.SiloAddress.Equals(h.SiloAddress)).Sum(s => (long)s.ActivationCount)))
            .ToArray();
        var byDomain = statistics
            .GroupBy(s => DomainOf(s.GrainType))
            .ToDictionary(g => g.Key, g => g.Sum(s => (long)s.ActivationCount), StringComparer.Ordinal);
        return new ClusterOverview(silos, byDomain, waiting);
    }

    /// <summary>The domain of a grain class as the statistics name it, "Namespace.Class,Assembly".</summary>
    public static string DomainOf(string grainType)
    {
        var comma = grainType.IndexOf(',', StringComparison.Ordinal);
        return DomainOfClass.GetValueOrDefault(comma < 0 ? grainType : grainType[..comma], System);
    }

    private string[] DomainsOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(DomainPlacementFilterStrategy.MetadataKey, out var domains)
            ? domains.Split(',', StringSplitOptions.RemoveEmptyEntries)
            : [];
}
