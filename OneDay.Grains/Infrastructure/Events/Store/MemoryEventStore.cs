using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;

namespace OneDay.Grains.Infrastructure.Events.Store;

/// <summary>Embedded mode: every silo forwards to one in-memory grain, so queries see the whole cluster.</summary>
public sealed class MemoryEventStore(IGrainFactory grains) : IEventStore
{
    public Task AppendAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default) =>
        grains.Reference<IMemoryEventStoreGrain>(0).Append(domainEvent);

    public Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        grains.Reference<IMemoryEventStoreGrain>(0).Query(query);
}

[Alias("oneday.events.memory-store")]
public interface IMemoryEventStoreGrain : IGrainWithIntegerKey
{
    [Alias("append")]
    Task Append(DomainEvent domainEvent);

    [Alias("query")]
    Task<EventPage> Query(EventQuery query);
}

/// <summary>
/// Lost with its silo, like the rest of embedded mode's in-memory state, and capped at the newest
/// <see cref="Capacity"/> events so a long-running developer process does not grow without bound.
/// </summary>
public sealed class MemoryEventStoreGrain : Grain, IMemoryEventStoreGrain
{
    public const int Capacity = 200_000;
    private readonly List<StoredEvent> _events = [];
    private readonly HashSet<Guid> _ids = [];
    private long _sequence;

    public Task Append(DomainEvent domainEvent)
    {
        if (_ids.Add(domainEvent.EventId))
        {
            if (_events.Count == Capacity)
            {
                _ids.Remove(_events[0].EventId);
                _events.RemoveAt(0);
            }

            _events.Add(new StoredEvent(
                ++_sequence, domainEvent.EventId, domainEvent.Type, domainEvent.Version, domainEvent.OccurredAt,
                domainEvent.AggregateId, domainEvent.CorrelationId, domainEvent.CausationId,
                EventPayloadJson.Serialize(domainEvent.Payload), DateTimeOffset.UtcNow));
        }

        return Task.CompletedTask;
    }

    public Task<EventPage> Query(EventQuery query)
    {
        var page = _events
            .Where(e => e.Sequence > query.AfterSequence)
            .Where(e => query.AggregateId is null || e.AggregateId == query.AggregateId)
            .Where(e => query.Type is null || e.Type == query.Type)
            .Where(e => query.From is null || e.OccurredAt >= query.From)
            .Where(e => query.To is null || e.OccurredAt < query.To)
            .Take(query.Limit + 1)
            .ToList();
        return Task.FromResult(EventPages.Of(page, query.Limit));
    }
}
