namespace OneDay.Grains.Interfaces.Eventing;

/// <summary>Reads the event store for the gateway (a stateless worker in front of the silo's store).</summary>
[Alias("oneday.events.store-query")]
public interface IEventStoreQueryGrain : IGrainWithIntegerKey
{
    [Alias("query")]
    Task<EventPage> Query(EventQuery query);
}
