using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace OneDay.Grains.Infrastructure.Events.Store;

/// <summary>
/// Feeds the event store from the streams rather than from the publisher: it records exactly what was
/// published (an event whose publish failed is stored when its retry succeeds, never before), producers
/// stay free of a database dependency, and the store's unique event id makes redeliveries harmless.
/// One activation per aggregate id, subscribed to every domain's namespace.
/// </summary>
[DomainPlacement(Domains.Analytics)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
[ImplicitStreamSubscription(Domains.Users)]
[ImplicitStreamSubscription(Domains.Jobs)]
[ImplicitStreamSubscription(Domains.Matching)]
[ImplicitStreamSubscription(Domains.Payments)]
[ImplicitStreamSubscription(Domains.Communication)]
[ImplicitStreamSubscription(Domains.Analytics)]
[ImplicitStreamSubscription(Domains.Security)]
public sealed class EventRecorderGrain(IEventStore store)
    : Grain, IEventRecorderGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(this);

    // A failed append throws, so the stream redelivers instead of acknowledging an unrecorded event.
    public Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null) => store.AppendAsync(item);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

/// <summary>Only implicit stream subscriptions call the recorder; the interface gives it a grain type.</summary>
[Alias("oneday.events.recorder")]
public interface IEventRecorderGrain : IGrainWithStringKey;
