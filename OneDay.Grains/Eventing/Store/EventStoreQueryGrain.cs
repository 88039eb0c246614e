using OneDay.Grains.Interfaces.Eventing;
using Orleans.Concurrency;

namespace OneDay.Grains.Eventing.Store;

[StatelessWorker]
public sealed class EventStoreQueryGrain(IEventStore store) : Grain, IEventStoreQueryGrain
{
    public Task<EventPage> Query(EventQuery query) => store.QueryAsync(query);
}
