using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Interfaces.Jobs;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.created"), EventType("jobs.created", 1)]
public sealed record JobCreated([property: Id(0)] Guid JobId, [property: Id(1)] Guid EmployerId, [property: Id(2)] JobDraft Details)
    : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.updated"), EventType("jobs.updated", 1)]
public sealed record JobUpdated([property: Id(0)] Guid JobId, [property: Id(1)] long Version, [property: Id(2)] JobDraft Details)
    : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.filled"), EventType("jobs.filled", 1)]
public sealed record JobFilled([property: Id(0)] Guid JobId, [property: Id(1)] int Headcount) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.started"), EventType("jobs.started", 1)]
public sealed record JobStarted([property: Id(0)] Guid JobId, [property: Id(1)] int AcceptedCount) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.completed"), EventType("jobs.completed", 1)]
/// <param name="Automatic">Confirmed by the platform, nobody having disputed it in time, rather than by the employer.</param>
public sealed record JobCompleted(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid[] CompletedWorkers,
    [property: Id(2)] Guid[] DisputedWorkers,
    [property: Id(3)] bool Automatic = false) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.cancelled"), EventType("jobs.cancelled", 1)]
public sealed record JobCancelled([property: Id(0)] Guid JobId, [property: Id(1)] string Reason, [property: Id(2)] bool AfterStart)
    : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.expired"), EventType("jobs.expired", 1)]
public sealed record JobExpired([property: Id(0)] Guid JobId) : IDomainEventPayload;

/// <summary>Saga step 1 done: the job registered the worker's application.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.events.application-submitting"), EventType("jobs.application-submitting", 1, Stream = JobStreams.Applications)]
public sealed record ApplicationSubmitting([property: Id(0)] Guid JobId, [property: Id(1)] Guid EmployerId, [property: Id(2)] Guid WorkerId)
    : IDomainEventPayload;

/// <summary>Saga step 2 done: the worker's schedule notes the application. Communication and analytics react to this.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.events.application-submitted"), EventType("jobs.application-submitted", 1, Stream = JobStreams.Applications)]
public sealed record ApplicationSubmitted([property: Id(0)] Guid JobId, [property: Id(1)] Guid EmployerId, [property: Id(2)] Guid WorkerId)
    : IDomainEventPayload;

/// <summary>Saga step 1 done: the employer accepted and the job holds a slot for the worker.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.events.application-accepting"), EventType("jobs.application-accepting", 1, Stream = JobStreams.Applications)]
public sealed record ApplicationAccepting([property: Id(0)] Guid JobId, [property: Id(1)] Guid EmployerId, [property: Id(2)] Guid WorkerId)
    : IDomainEventPayload;

/// <summary>Saga step 2 done: the worker's schedule holds the shift. Communication and analytics react to this.</summary>
/// <param name="HeldKrw">What the acceptance holds in escrow, the shift's wage and the platform's fee (0 in events
/// stored before acceptances said so).</param>
[GenerateSerializer, Immutable, Alias("oneday.jobs.events.application-accepted"), EventType("jobs.application-accepted", 1, Stream = JobStreams.Applications)]
public sealed record ApplicationAccepted(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid EmployerId,
    [property: Id(2)] Guid WorkerId,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] DateTimeOffset EndsAt,
    [property: Id(5)] long HeldKrw = 0) : IDomainEventPayload;

/// <summary>The acceptance did not go through (the employer's wallet could not hold the pay): the application is pending again.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.events.acceptance-declined"), EventType("jobs.acceptance-declined", 1, Stream = JobStreams.Applications)]
public sealed record AcceptanceDeclined([property: Id(0)] Guid JobId, [property: Id(1)] Guid WorkerId, [property: Id(2)] string Reason)
    : IDomainEventPayload;

/// <summary>An admin decided a disputed shift: the worker is paid <see cref="WorkerWageKrw"/> of the wage.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.events.dispute-resolved"), EventType("jobs.dispute-resolved", 1)]
public sealed record DisputeResolved(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid WorkerId,
    [property: Id(2)] long WorkerWageKrw,
    [property: Id(3)] string Reason,
    [property: Id(4)] Guid ResolvedBy) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.application-rejected"), EventType("jobs.application-rejected", 1, Stream = JobStreams.Applications)]
public sealed record ApplicationRejected([property: Id(0)] Guid JobId, [property: Id(1)] Guid WorkerId, [property: Id(2)] string Reason)
    : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.application-withdrawn"), EventType("jobs.application-withdrawn", 1, Stream = JobStreams.Applications)]
public sealed record ApplicationWithdrawn([property: Id(0)] Guid JobId, [property: Id(1)] Guid WorkerId) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.worker-no-show"), EventType("jobs.worker-no-show", 1, Stream = JobStreams.Applications)]
public sealed record WorkerNoShow([property: Id(0)] Guid JobId, [property: Id(1)] Guid WorkerId) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.worker-checked-in"), EventType("jobs.worker-checked-in", 1, Stream = JobStreams.Applications)]
public sealed record WorkerCheckedIn([property: Id(0)] Guid JobId, [property: Id(1)] Guid WorkerId, [property: Id(2)] DateTimeOffset At)
    : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.worker-checked-out"), EventType("jobs.worker-checked-out", 1, Stream = JobStreams.Applications)]
public sealed record WorkerCheckedOut([property: Id(0)] Guid JobId, [property: Id(1)] Guid WorkerId, [property: Id(2)] DateTimeOffset At)
    : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.jobs.events.rated"), EventType("jobs.rated", 1)]
public sealed record ParticipantRated([property: Id(0)] RatingView Rating) : IDomainEventPayload;
