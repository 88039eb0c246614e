using OneDay.Grains.Placement;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace OneDay.Silo.Placement;

/// <summary>Keeps only the silos whose metadata says they host the grain's domain.</summary>
internal sealed class DomainPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(
        PlacementFilterStrategy filterStrategy,
        PlacementTarget target,
        IEnumerable<SiloAddress> silos)
    {
        var domain = ((DomainPlacementFilterStrategy)filterStrategy).Domain;
        return silos.Where(silo => Hosts(metadata.GetSiloMetadata(silo), domain));
    }

    private static bool Hosts(SiloMetadata silo, string domain) =>
        silo.Metadata.TryGetValue(DomainPlacementFilterStrategy.MetadataKey, out var domains) &&
        domains.Split(',').Contains(domain, StringComparer.Ordinal);
}
