using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces.Eventing;
using Orleans.Streams;

namespace OneDay.Grains.Eventing;

/// <summary>
/// Publishes a grain's outbox to the "events" stream provider: one stream per (namespace, aggregate), the
/// namespace being the domain or one of its sub-streams (<see cref="DomainEvent.StreamNamespace"/>), so implicit
/// subscribers of a namespace receive every event of it. Each event is also
/// appended to the event store (<see cref="IEventStore"/>) before it leaves the outbox.
/// </summary>
/// <remarks>
/// The store is fed here rather than by a stream subscriber, which would cost every event a second delivery
/// through the pulling agent and a recorder activation per aggregate. An event is still stored exactly when
/// it is in a committed outbox, and stays in the outbox until both the stream and the store have taken it.
/// </remarks>
public static class OutboxPublisher
{
    /// <summary>
    /// The one way a grain delivers its outbox: after each state write the grain calls
    /// <see cref="OutboxSender.SendAsync"/>, which sends in the background, in order, retried until the stream
    /// and the store take each event (a command need not wait for the broker; a caller that must know the
    /// events left awaits it). Also send in OnActivateAsync (an activation that died between its write and
    /// its send left its events pending in storage) and drain in OnDeactivateAsync. Nothing is sent for a
    /// write that failed, and duplicates from a resend are harmless (consumers deduplicate by event id).
    /// </summary>
    public static OutboxSender BackgroundPublisher(this Grain grain, Func<EventOutbox> outbox)
    {
        var delivery = new Delivery(grain);
        return new(grain, () => outbox().Pending.Count > 0, () => delivery.SendOldestAsync(outbox()));
    }

    /// <summary>
    /// Sends a grain's oldest pending event to its stream and to the event store at once. What one of them
    /// took is not sent to it again when the other failed, so a store outage does not redeliver the event to
    /// every consumer on each retry.
    /// </summary>
    private sealed class Delivery(Grain grain)
    {
        private readonly IEventStore _store = grain.GrainContext.ActivationServices.GetRequiredService<IEventStore>();
        private readonly EventMetrics _metrics = grain.GrainContext.ActivationServices.GetRequiredService<EventMetrics>();
        private readonly LastStream _streams = new(grain);
        private Guid _head;
        private bool _published;
        private bool _stored;
        private bool _failing;

        public async Task<bool> SendOldestAsync(EventOutbox outbox)
        {
            var next = outbox.Pending[0];
            using var span = EventTracing.StartPublish(next);
            if (next.EventId != _head)
            {
                (_head, _published, _stored) = (next.EventId, false, false);
            }

            var publish = _published ? Task.CompletedTask : PublishAsync(next);
            var store = _stored ? Task.CompletedTask : StoreAsync(next);
            try
            {
                await Task.WhenAll(publish, store);
            }
            catch (Exception)
            {
                // Which of the two failed is in the flags; the sender retries with backoff.
            }

            if (!_published || !_stored)
            {
                _metrics.PublishFailed(this);
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, _published ? "the event store did not take it" : "the stream did not take it");
                _failing = true;
                return false;
            }

            outbox.Pending.Remove(next);
            _metrics.Published(next.Type);
            if (_failing)
            {
                _metrics.PublishRecovered(this);
                _failing = false;
            }

            return true;
        }

        private async Task PublishAsync(DomainEvent next)
        {
            await _streams.For(next).OnNextAsync(next);
            _published = true;
        }

        private async Task StoreAsync(DomainEvent next)
        {
            await _store.AppendAsync(next);
            _stored = true;
        }
    }

    /// <summary>
    /// The stream of the last event a grain published. A grain's events nearly always go to one stream (its
    /// own aggregate's), and resolving it (provider, encoded id, stream directory) was a noticeable part of
    /// publishing one event.
    /// </summary>
    private sealed class LastStream(Grain grain)
    {
        private IAsyncStream<DomainEvent>? _stream;
        private string? _namespace;
        private string? _aggregateId;

        public IAsyncStream<DomainEvent> For(DomainEvent next)
        {
            var streamNamespace = next.StreamNamespace;
            if (_stream is null || !string.Equals(_namespace, streamNamespace, StringComparison.Ordinal)
                || !string.Equals(_aggregateId, next.AggregateId, StringComparison.Ordinal))
            {
                _stream = grain.GetStreamProvider(StreamProviders.Events).GetStream<DomainEvent>(StreamId.Create(streamNamespace, next.AggregateId));
                _namespace = streamNamespace;
                _aggregateId = next.AggregateId;
            }

            return _stream;
        }
    }
}
