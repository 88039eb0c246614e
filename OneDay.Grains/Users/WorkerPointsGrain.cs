using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Payments;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Users;

/// <summary>
/// The user domain's side of a worker's pay (design event flow PaymentCompleted -> User): each paid shift credits
/// the worker points, a configured share of their net pay. One consumer per worker (the payments stream's key);
/// the user grain also credits each event once, so a replayed event never counts twice.
/// </summary>
[DomainPlacement(Domains.Users)]
[ImplicitStreamSubscription(Domains.Payments)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class WorkerPointsGrain(
    [PersistentState("worker-points", Domains.Users)] IPersistentState<WorkerPointsState> state,
    PaymentOptions options) : IdempotentConsumerGrain<WorkerPointsState>(state)
{
    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is PaymentCompleted;

    protected override async Task HandleAsync(DomainEvent domainEvent)
    {
        var paid = (PaymentCompleted)domainEvent.Payload;
        var points = PaymentRules.PointsFor(paid.NetPayKrw, options);
        if (points > 0)
        {
            await GrainFactory.Reference<IUserGrain>(paid.WorkerId).CreditPoints(domainEvent.EventId, points);
        }
    }
}

[GenerateSerializer, Alias("oneday.users.worker-points-state")]
public sealed class WorkerPointsState : ConsumerState;
