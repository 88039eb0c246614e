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

    [EventType("analytics.unit-ticked", version: 2)]
    private sealed record Ticked(int Sequence) : IDomainEventPayload;

    [EventType("billing.stray")]
    private sealed record Stray : IDomainEventPayload;
}
