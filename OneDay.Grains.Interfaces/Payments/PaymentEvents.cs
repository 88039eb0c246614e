using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Interfaces.Payments;

/// <summary>
/// A worker was paid for a shift: its escrow was released into their wallet. The aggregate is the worker, so
/// everything the user domain does about their pay (points) happens in one consumer per worker.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.events.completed"), EventType("payments.completed", 1)]
public sealed record PaymentCompleted(
    [property: Id(0)] Guid WorkerId,
    [property: Id(1)] Guid JobId,
    [property: Id(2)] Guid EmployerId,
    [property: Id(3)] Guid AssignmentId,
    [property: Id(4)] long NetPayKrw,
    [property: Id(5)] long WithheldKrw) : IDomainEventPayload;
