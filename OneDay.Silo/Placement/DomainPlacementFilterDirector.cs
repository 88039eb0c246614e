using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Grains.Placement;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace OneDay.Silo.Placement;

/// <summary>
/// Keeps only the silos whose metadata says they host the grain's domain. When none is active, says so with a
/// <see cref="DomainUnavailableException"/> rather than leaving Orleans to throw its untyped "no active nodes".
/// </summary>
internal sealed class DomainPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(
        PlacementFilterStrategy filterStrategy,
        PlacementTarget target,
        IEnumerable<SiloAddress> silos)
    {
        var domain = ((DomainPlacementFilterStrategy)filterStrategy).Domain;
        var hosts = silos.Where(silo => Hosts(metadata.GetSiloMetadata(silo), domain)).ToList();
        return hosts.Count > 0 ? hosts : throw new DomainUnavailableException(domain, target.GrainIdentity);
    }

    private static bool Hosts(SiloMetadata silo, string domain) =>
        silo.Metadata.TryGetValue(DomainPlacementFilterStrategy.MetadataKey, out var domains) &&
        domains.Split(',').Contains(domain, StringComparer.Ordinal);
}
