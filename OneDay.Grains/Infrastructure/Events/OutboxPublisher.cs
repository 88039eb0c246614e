using System.Runtime.CompilerServices;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using Orleans.Streams;

namespace OneDay.Grains.Infrastructure.Events;

/// <summary>
/// Publishes a grain's outbox to the "events" stream provider: one stream per (domain, aggregate), so
/// implicit subscribers of a domain's namespace receive every event of that domain.
/// </summary>
public static class OutboxPublisher
{
    /// <summary>
    /// Call after the state holding <paramref name="outbox"/> was written, and in OnActivateAsync (an
    /// activation that died between its write and its publish left its events pending in storage).
    /// Publishes in order and removes what the stream accepted; true once the outbox is empty. On failure the
    /// rest stays pending and the grain's <see cref="OutboxSender"/> keeps retrying on a grain timer with
    /// backoff while the activation lives; the next activation republishes whatever storage still holds.
    /// Nothing is published for a write that failed, and duplicates from a republish are harmless (consumers
    /// deduplicate by event id).
    /// </summary>
    public static async Task<bool> FlushAsync(this Grain grain, EventOutbox outbox)
    {
        var flush = Flushes.GetValue(grain, g => new Flush(g));
        // A grain may replace its state object (and the outbox in it) between calls; send the latest.
        flush.Outbox = outbox;
        await flush.Sender.SendAsync();
        return outbox.Pending.Count == 0;
    }

    /// <summary>
    /// For a grain whose commands need not wait for the broker: the outbox goes out in the background after
    /// each write (<see cref="OutboxSender.SendAsync"/>), in order, retried until the stream takes it. Use it
    /// instead of <see cref="FlushAsync"/>, never beside it: the two would send the same outbox at once.
    /// </summary>
    public static OutboxSender BackgroundPublisher(this Grain grain, Func<EventOutbox> outbox)
    {
        var streams = new LastStream(grain);
        return new(grain, () => outbox().Pending.Count > 0, () => PublishOldestAsync(streams, outbox()));
    }

    // The sender (and its retry timer) of each activation that flushes, shared by its calls and timer turns.
    private static readonly ConditionalWeakTable<Grain, Flush> Flushes = [];

    private sealed class Flush
    {
        public Flush(Grain grain) => Sender = grain.BackgroundPublisher(() => Outbox!);

        public EventOutbox? Outbox { get; set; }

        public OutboxSender Sender { get; }
    }

    private static async Task<bool> PublishOldestAsync(LastStream streams, EventOutbox outbox)
    {
        var next = outbox.Pending[0];
        try
        {
            await streams.For(next).OnNextAsync(next);
        }
        catch (Exception)
        {
            return false;
        }

        outbox.Pending.Remove(next);
        return true;
    }

    /// <summary>
    /// The stream of the last event a grain published. A grain's events nearly always go to one stream (its
    /// own aggregate's), and resolving it (provider, encoded id, stream directory) was a noticeable part of
    /// publishing one event.
    /// </summary>
    private sealed class LastStream(Grain grain)
    {
        private IAsyncStream<DomainEvent>? _stream;
        private string? _domain;
        private string? _aggregateId;

        public IAsyncStream<DomainEvent> For(DomainEvent next)
        {
            if (_stream is null || !string.Equals(_domain, next.Domain, StringComparison.Ordinal)
                || !string.Equals(_aggregateId, next.AggregateId, StringComparison.Ordinal))
            {
                _stream = grain.GetStreamProvider(StreamProviders.Events).GetStream<DomainEvent>(StreamId.Create(next.Domain, next.AggregateId));
                _domain = next.Domain;
                _aggregateId = next.AggregateId;
            }

            return _stream;
        }
    }
}
