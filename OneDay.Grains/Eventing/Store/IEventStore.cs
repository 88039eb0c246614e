using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Eventing.Store;

/// <summary>
/// The append-only store of every domain event: PostgreSQL in cluster mode, a cluster-wide in-memory
/// grain in embedded mode. Fed by <see cref="OutboxPublisher"/> as each event leaves its outbox. Appends are
/// idempotent by event id: an outbox sends again what a crash left in its stored copy.
/// </summary>
public interface IEventStore
{
    Task AppendAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default);

    Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="afterSequence"/>, in sequence order, for a reader
    /// that tails the store and must never skip one: only events whose sequence can no longer be overtaken by an
    /// append still committing (PostgreSQL hands out sequences before commit; it reads a few seconds behind).
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadSettledAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);
}
