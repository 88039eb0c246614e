using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Interfaces.Payments;

/// <summary>
/// A worker was paid for a shift: its escrow was released into their wallet. The aggregate is the worker, so
/// everything the user domain does about their pay (points) happens in one consumer per worker.
/// </summary>
/// <param name="FeeKrw">The platform's fee released to its revenue with the pay (0 in events stored before settlements
/// said so).</param>
[GenerateSerializer, Immutable, Alias("oneday.payments.events.completed"), EventType("payments.completed", 1)]
public sealed record PaymentCompleted(
    [property: Id(0)] Guid WorkerId,
    [property: Id(1)] Guid JobId,
    [property: Id(2)] Guid EmployerId,
    [property: Id(3)] Guid AssignmentId,
    [property: Id(4)] long NetPayKrw,
    [property: Id(5)] long WithheldKrw,
    [property: Id(6)] long FeeKrw = 0) : IDomainEventPayload;

/// <summary>
/// The bank confirmed a worker's payout: the money left the platform. The event id is derived from the payout, so the
/// confirmation told twice (the provider's webhook is redelivered until answered) is one event.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.events.payout-completed"), EventType("payments.payout-completed", 1)]
public sealed record PayoutCompleted(
    [property: Id(0)] Guid WorkerId,
    [property: Id(1)] Guid PayoutId,
    [property: Id(2)] long AmountKrw) : IDomainEventPayload;
