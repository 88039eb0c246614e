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
        var candidates = silos.ToList();
        var hosts = candidates.Where(silo => Hosts(metadata.GetSiloMetadata(silo), domain)).ToList();
        // Metadata arrives with membership, so a silo still starting may not know its own yet: that is not a domain
        // without silos, and Orleans is left to decide as it did before (its startup tasks place grains then).
        return hosts.Count > 0 || candidates.Any(silo => metadata.GetSiloMetadata(silo).Metadata.IsEmpty)
            ? hosts
            : throw new DomainUnavailableException(domain, target.GrainIdentity);
    }

    private static bool Hosts(SiloMetadata silo, string domain) =>
        silo.Metadata.TryGetValue(DomainPlacementFilterStrategy.MetadataKey, out var domains) &&
        domains.Split(',').Contains(domain, StringComparer.Ordinal);
}
