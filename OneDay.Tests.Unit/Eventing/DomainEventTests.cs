using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Tests.Unit.Eventing;

public sealed class DomainEventTests
{
    [Fact]
    public void An_event_carries_its_type_version_and_domain_from_the_payload()
    {
        var domainEvent = DomainEvent.Create(new Ticked(3), "agg-1", DateTimeOffset.UnixEpoch, "corr", "cause");

        Assert.Equal(("analytics.unit-ticked", 2, "analytics", "agg-1", "corr", "cause"),
            (domainEvent.Type, domainEvent.Version, domainEvent.Domain, domainEvent.AggregateId, domainEvent.CorrelationId, domainEvent.CausationId));
    }

    [Fact]
    public void A_payload_outside_the_known_domains_is_refused_when_created()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DomainEvent.Create(new Stray(), "agg-1", DateTimeOffset.UnixEpoch));

        Assert.Contains("'billing.stray'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_goes_to_its_domains_stream_unless_its_type_names_a_sub_stream()
    {
        Assert.Equal("analytics", DomainEvent.Create(new Ticked(1), "agg-1", DateTimeOffset.UnixEpoch).StreamNamespace);
        Assert.Equal("analytics.unit", DomainEvent.Create(new SubTicked(), "agg-1", DateTimeOffset.UnixEpoch).StreamNamespace);
        Assert.Equal("jobs.applications", DomainEvent.Create(
            new Grains.Interfaces.Jobs.ApplicationSubmitted(Guid.Empty, Guid.Empty, Guid.Empty), "agg-1", DateTimeOffset.UnixEpoch).StreamNamespace);
        Assert.Equal("jobs", DomainEvent.Create(new Grains.Interfaces.Jobs.JobExpired(Guid.Empty), "agg-1", DateTimeOffset.UnixEpoch).StreamNamespace);
    }

    [Fact]
    public void A_sub_stream_of_another_domain_is_refused_when_created()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DomainEvent.Create(new Trespassing(), "agg-1", DateTimeOffset.UnixEpoch));

        Assert.Contains("'jobs.applications'", error.Message, StringComparison.Ordinal);
    }

    [EventType("analytics.unit-sub-ticked", Stream = "analytics.unit")]
    private sealed record SubTicked : IDomainEventPayload;

    [EventType("analytics.unit-trespassing", Stream = "jobs.applications")]
    private sealed record Trespassing : IDomainEventPayload;

    [EventType("analytics.unit-ticked", version: 2)]
    private sealed record Ticked(int Sequence) : IDomainEventPayload;

    [EventType("billing.stray")]
    private sealed record Stray : IDomainEventPayload;
}
