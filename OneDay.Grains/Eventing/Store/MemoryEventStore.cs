using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Eventing.Store;

/// <summary>Embedded mode: every silo forwards to one in-memory grain, so queries see the whole cluster.</summary>
public sealed class MemoryEventStore(IGrainFactory grains) : IEventStore
{
    public Task AppendAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default) =>
        grains.Reference<IMemoryEventStoreGrain>(0).Append(domainEvent);

    public Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        grains.Reference<IMemoryEventStoreGrain>(0).Query(query);

    // One grain appends in order: no sequence is ever overtaken.
    public async Task<IReadOnlyList<StoredEvent>> ReadSettledAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        (await grains.Reference<IMemoryEventStoreGrain>(0).Query(new EventQuery(null, null, null, null, afterSequence, limit))).Items;
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
/// Lost with its silo, like the rest of embedded mode's in-memory state, and capped at about the newest
/// <see cref="Capacity"/> events so a long-running developer process does not grow without bound.
/// </summary>
/// <remarks>
/// Events are kept in sequence order, so a page starts with a binary search for its cursor, and the oldest
/// tenth is dropped in one go when the cap is reached: dropping one event per append moved the whole list
/// on every append once it was full, and a page scanned every event older than its cursor.
/// </remarks>
public sealed class MemoryEventStoreGrain(TimeProvider time) : Grain, IMemoryEventStoreGrain
{
    public const int Capacity = 200_000;
    private readonly List<StoredEvent> _events = [];
    private readonly HashSet<Guid> _ids = [];
    private long _sequence;

    public Task Append(DomainEvent domainEvent)
    {
        if (_ids.Add(domainEvent.EventId))
        {
            if (_events.Count >= Capacity)
            {
                var dropped = Capacity / 10;
                for (var i = 0; i < dropped; i++)
                {
                    _ids.Remove(_events[i].EventId);
                }

                _events.RemoveRange(0, dropped);
            }

            _events.Add(new StoredEvent(
                ++_sequence, domainEvent.EventId, domainEvent.Type, domainEvent.Version, domainEvent.OccurredAt,
                domainEvent.AggregateId, domainEvent.CorrelationId, domainEvent.CausationId,
                EventPayloadJson.Serialize(domainEvent.Payload), time.GetUtcNow()));
        }

        return Task.CompletedTask;
    }

    public Task<EventPage> Query(EventQuery query)
    {
        var page = _events
            .Skip(FirstAfter(query.AfterSequence))
            .Where(e => query.AggregateId is null || e.AggregateId == query.AggregateId)
            .Where(e => query.Type is null || e.Type == query.Type)
            .Where(e => query.From is null || e.OccurredAt >= query.From)
            .Where(e => query.To is null || e.OccurredAt < query.To)
            .Take(query.Limit + 1)
            .ToList();
        return Task.FromResult(EventPages.Of(page, query.Limit));
    }

    /// <summary>The index of the first event with a sequence above <paramref name="sequence"/>.</summary>
    private int FirstAfter(long sequence)
    {
        var (low, high) = (0, _events.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            (low, high) = _events[middle].Sequence <= sequence ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
