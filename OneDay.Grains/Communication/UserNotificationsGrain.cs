using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

/// <summary>
/// Communication's side of a user's life (design event flow UserRegistered -> Communication): the welcome in a new
/// user's inbox, and an empty inbox once they are erased. One consumer per user, the users stream's key.
/// </summary>
[DomainPlacement(Domains.Communication)]
[ImplicitStreamSubscription(Domains.Users)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class UserNotificationsGrain(
    [PersistentState("user-notifications", Domains.Communication)] IPersistentState<UserNotificationsState> state)
    : IdempotentConsumerGrain<UserNotificationsState>(state)
{
    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is UserRegistered or UserErased;

    protected override Task HandleAsync(DomainEvent domainEvent) => domainEvent.Payload switch
    {
        UserRegistered e => GrainFactory.Reference<INotificationInboxGrain>(e.UserId)
            .Deliver(new NewNotification(domainEvent.EventId, NotificationKinds.Welcome, domainEvent.OccurredAt)),
        UserErased e => GrainFactory.Reference<INotificationInboxGrain>(e.UserId).Clear(),
        _ => Task.CompletedTask,
    };
}

[GenerateSerializer, Alias("oneday.communication.user-notifications-state")]
public sealed class UserNotificationsState : ConsumerState;
