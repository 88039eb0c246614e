using OneDay.Grains.Interfaces.Infrastructure.Events;
using Orleans.Concurrency;

namespace OneDay.Grains.Infrastructure.Events.Store;

[StatelessWorker]
public sealed class EventStoreQueryGrain(IEventStore store) : Grain, IEventStoreQueryGrain
{
    public Task<EventPage> Query(EventQuery query) => store.QueryAsync(query);
}
