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
}
