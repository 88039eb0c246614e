using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

/// <summary>
/// Communication's side of a user's life (design event flow UserRegistered -> Communication): the welcome in a new
/// user's inbox (and by email), the link that verifies their address, and an empty inbox and outbox once they are
/// erased. One consumer per user, the users stream's key.
/// </summary>
[DomainPlacement(Domains.Communication)]
[ImplicitStreamSubscription(Domains.Users)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class UserNotificationsGrain(
    [PersistentState("user-notifications", Domains.Communication)] IPersistentState<UserNotificationsState> state)
    : IdempotentConsumerGrain<UserNotificationsState>(state)
{
    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is UserRegistered or EmailVerificationRequested or UserErased;

    protected override async Task HandleAsync(DomainEvent domainEvent)
    {
        switch (domainEvent.Payload)
        {
            case UserRegistered e:
                await Outbox(e.UserId).Enqueue(new OutgoingEmail(EmailKinds.IdFor(domainEvent.EventId, EmailKinds.VerifyEmail), EmailKinds.VerifyEmail, domainEvent.OccurredAt));
                await Inbox(e.UserId).Deliver(new NewNotification(domainEvent.EventId, NotificationKinds.Welcome, domainEvent.OccurredAt));
                break;
            case EmailVerificationRequested e:
                await Outbox(e.UserId).Enqueue(new OutgoingEmail(domainEvent.EventId, EmailKinds.VerifyEmail, domainEvent.OccurredAt));
                break;
            case UserErased e:
                await Inbox(e.UserId).Clear();
                await Outbox(e.UserId).Clear();
                break;
        }
    }

    private INotificationInboxGrain Inbox(Guid userId) => GrainFactory.Reference<INotificationInboxGrain>(userId);

    private IEmailOutboxGrain Outbox(Guid userId) => GrainFactory.Reference<IEmailOutboxGrain>(userId);
}

[GenerateSerializer, Alias("oneday.communication.user-notifications-state")]
public sealed class UserNotificationsState : ConsumerState;
