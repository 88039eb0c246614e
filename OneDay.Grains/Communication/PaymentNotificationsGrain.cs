using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

/// <summary>Tells a worker their shift was paid (design event flow PaymentCompleted -> Communication); one consumer per worker.</summary>
[DomainPlacement(Domains.Communication)]
[ImplicitStreamSubscription(Domains.Payments)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class PaymentNotificationsGrain(
    [PersistentState("payment-notifications", Domains.Communication)] IPersistentState<PaymentNotificationsState> state)
    : IdempotentConsumerGrain<PaymentNotificationsState>(state)
{
    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is PaymentCompleted;

    protected override Task HandleAsync(DomainEvent domainEvent)
    {
        var paid = (PaymentCompleted)domainEvent.Payload;
        return GrainFactory.Reference<INotificationInboxGrain>(paid.WorkerId).Deliver(new NewNotification(
            domainEvent.EventId, NotificationKinds.ShiftPaid, domainEvent.OccurredAt, paid.JobId, paid.EmployerId, paid.NetPayKrw));
    }
}

[GenerateSerializer, Alias("oneday.communication.payment-notifications-state")]
public sealed class PaymentNotificationsState : ConsumerState;
