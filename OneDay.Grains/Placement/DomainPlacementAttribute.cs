using Orleans.Metadata;
using Orleans.Placement;

namespace OneDay.Grains.Placement;

/// <summary>
/// Places a grain only on silos that host its domain (the silo metadata key <see cref="MetadataKey"/>
/// lists the domains a silo was started with).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DomainPlacementAttribute(string domain)
    : PlacementFilterAttribute(new DomainPlacementFilterStrategy(domain))
{
    public string Domain { get; } = domain;
}

public sealed class DomainPlacementFilterStrategy : PlacementFilterStrategy
{
    public const string MetadataKey = "oneday.domains";
    private const string DomainProperty = "oneday-domain";

    // The runtime rebuilds strategies from grain properties with this constructor.
    public DomainPlacementFilterStrategy()
        : base(order: 0)
    {
    }

    public DomainPlacementFilterStrategy(string domain)
        : base(order: 0)
    {
        Domain = domain;
    }

    public string Domain { get; private set; } = string.Empty;

    public override void AdditionalInitialize(GrainProperties properties) =>
        Domain = GetPlacementFilterGrainProperty(DomainProperty, properties) ?? string.Empty;

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services,
        Type grainClass,
        GrainType grainType,
        IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new KeyValuePair<string, string>(DomainProperty, Domain);
    }
}
