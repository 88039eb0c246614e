using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Tests.Eventing;

public sealed class DomainEventTests
{
    [Fact]
    public void An_event_carries_its_type_version_and_domain_from_the_payload()
    {
        var domainEvent = DomainEvent.Create(new TestTicked(3), "agg-1", DateTimeOffset.UnixEpoch, "corr", "cause");

        Assert.Equal(("analytics.test-ticked", 1, "analytics", "agg-1", "corr", "cause"),
            (domainEvent.Type, domainEvent.Version, domainEvent.Domain, domainEvent.AggregateId, domainEvent.CorrelationId, domainEvent.CausationId));
    }

    [Fact]
    public void A_payload_outside_the_known_domains_is_refused_when_created()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DomainEvent.Create(new Stray(), "agg-1", DateTimeOffset.UnixEpoch));

        Assert.Contains("'billing.stray'", error.Message, StringComparison.Ordinal);
    }

    [EventType("billing.stray")]
    private sealed record Stray : IDomainEventPayload;
}
