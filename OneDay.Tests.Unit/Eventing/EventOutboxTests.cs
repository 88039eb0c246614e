using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Tests.Unit.Eventing;

public sealed class EventOutboxTests
{
    [Fact]
    public void A_held_event_is_not_pending_until_released_and_then_goes_after_what_was()
    {
        var outbox = new EventOutbox();
        var held = Event(1);
        outbox.Hold(held);
        outbox.Add(Event(2));

        Assert.Equal([2], Sequences(outbox.Pending));
        Assert.True(outbox.Release(held.EventId));

        Assert.Equal([2, 1], Sequences(outbox.Pending));
        Assert.Empty(outbox.Held);
        Assert.False(outbox.Release(held.EventId));
    }

    [Fact]
    public void A_dropped_event_is_never_pending_and_releasing_it_later_does_nothing()
    {
        var outbox = new EventOutbox();
        var held = Event(1);
        outbox.Hold(held);

        outbox.Drop(held.EventId);

        Assert.False(outbox.Release(held.EventId));
        Assert.Empty(outbox.Pending);
        Assert.Empty(outbox.Held);
    }

    [Fact]
    public void Releasing_everything_held_keeps_the_order_it_was_held_in()
    {
        var outbox = new EventOutbox();
        outbox.Add(Event(1));
        outbox.Hold(Event(2));
        outbox.Hold(Event(3));

        outbox.ReleaseHeld();

        Assert.Equal([1, 2, 3], Sequences(outbox.Pending));
        Assert.Empty(outbox.Held);
    }

    private static DomainEvent Event(int sequence) => DomainEvent.Create(new Ticked(sequence), "agg-1", DateTimeOffset.UnixEpoch);

    private static int[] Sequences(IEnumerable<DomainEvent> events) => [.. events.Select(e => ((Ticked)e.Payload).Sequence)];

    [EventType("analytics.unit-outbox-ticked")]
    private sealed record Ticked(int Sequence) : IDomainEventPayload;
}
