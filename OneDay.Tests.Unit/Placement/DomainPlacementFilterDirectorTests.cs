using System.Collections.Immutable;
using System.Net;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Grains.Placement;
using OneDay.Silo.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace OneDay.Tests.Unit.Placement;

public sealed class DomainPlacementFilterDirectorTests
{
    private static readonly SiloAddress Users = Silo(11111);
    private static readonly SiloAddress Jobs = Silo(22222);
    private static readonly SiloAddress JobsAndMatching = Silo(33333);

    private readonly DomainPlacementFilterDirector _director = new(new FakeMetadata(new Dictionary<SiloAddress, string>
    {
        [Users] = "users,security",
        [Jobs] = "jobs",
        [JobsAndMatching] = "jobs,matching",
    }));

    [Fact]
    public void Keeps_the_silos_that_host_the_grains_domain()
    {
        var kept = _director.Filter(new DomainPlacementFilterStrategy("jobs"), Target(), [Users, Jobs, JobsAndMatching]);

        Assert.Equal([Jobs, JobsAndMatching], kept);
    }

    [Fact]
    public void No_active_silo_of_the_domain_is_a_typed_fault_the_gateway_answers_with_503()
    {
        // The jobs silos are dead or restarting: only the users silo is active.
        var fault = Assert.Throws<DomainUnavailableException>(
            () => _director.Filter(new DomainPlacementFilterStrategy("jobs"), Target(), [Users]).ToList());

        Assert.Equal("jobs", fault.Domain);
    }

    [Fact]
    public void A_silo_whose_metadata_is_not_known_yet_does_not_make_the_domain_unavailable()
    {
        // A silo starting up places its startup tasks' grains before membership has told it its own metadata.
        var starting = Silo(44444);

        var kept = _director.Filter(new DomainPlacementFilterStrategy("analytics"), Target(), [starting]);

        Assert.Empty(kept);
    }

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static PlacementTarget Target() =>
        new(GrainId.Create("job", Guid.NewGuid().ToString("N")), [], default, 0);

    private sealed class FakeMetadata(Dictionary<SiloAddress, string> domains) : ISiloMetadataCache
    {
        public SiloMetadata GetSiloMetadata(SiloAddress siloAddress)
        {
            if (!domains.TryGetValue(siloAddress, out var hosted))
            {
                return SiloMetadata.Empty;
            }

            // Orleans fills metadata itself (the setter is private), as the membership table does in a cluster.
            var metadata = new SiloMetadata();
            typeof(SiloMetadata).GetProperty(nameof(SiloMetadata.Metadata))!.SetValue(
                metadata,
                ImmutableDictionary<string, string>.Empty.Add(DomainPlacementFilterStrategy.MetadataKey, hosted));
            return metadata;
        }
    }
}
