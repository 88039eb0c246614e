using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>
/// The two sagas of an application: submitting it, and the employer accepting it. Both run the same four
/// steps (job, the worker's schedule, the employer's notification, analytics).
/// </summary>
public enum SagaKind
{
    Application = 0,
    Acceptance = 1,
}

/// <summary>The steps of a job-application saga, in order.</summary>
public enum SagaStep
{
    /// <summary>Job: the application is registered, or the accepted one holds a slot.</summary>
    JobRecorded = 0,
    /// <summary>Users: the worker's schedule notes the application, or holds the accepted shift.</summary>
    ScheduleUpdated = 1,
    /// <summary>Communication: the employer was notified.</summary>
    EmployerNotified = 2,
    /// <summary>Analytics: the event was recorded.</summary>
    AnalyticsRecorded = 3,
}

public enum SagaStatus
{
    Running = 0,
    Completed = 1,
    Compensated = 2,

    /// <summary>
    /// The business steps are done and stand; a notification or analytics step kept failing past the re-drive
    /// limit and its event waits in dead letters. An operator's replay of it completes the saga.
    /// </summary>
    CompletedWithPendingSteps = 3,
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.saga")]
public sealed record SagaView(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid WorkerId,
    [property: Id(2)] SagaStatus Status,
    [property: Id(3)] SagaStep[] Done,
    [property: Id(4)] int Redrives,
    [property: Id(5)] string? CompensationReason,
    [property: Id(6)] DateTimeOffset StartedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] SagaKind Kind);

/// <summary>
/// The job-application sagas of one job (key = job id as a string, the job's stream key). It follows the
/// job's events on the stream, hears back from the communication and analytics steps, drives stuck steps
/// again, and compensates a saga whose business steps cannot finish; a failing notification never undoes one.
/// </summary>
[Alias("oneday.jobs.IJobSagaGrain")]
public interface IJobSagaGrain : IGrainWithStringKey
{
    /// <summary>A later step (communication, analytics) handled the saga's step-2 event <paramref name="eventId"/>.</summary>
    [Alias("step-done")]
    Task StepDone(Guid eventId, Guid workerId, SagaKind kind, SagaStep step);

    [Alias("sagas")]
    Task<SagaView[]> Sagas();

    /// <summary>
    /// Re-drives every running saga of the job that is overdue on job time, as the saga's timer and reminder do
    /// on each tick; does nothing when none is. Tests call it after moving job time on, instead of waiting for
    /// the next tick in real time.
    /// </summary>
    [Alias("check-overdue")]
    Task CheckOverdue();
}

/// <summary>A later step of the sagas (communication, analytics), as the saga grain drives it.</summary>
[Alias("oneday.jobs.IJobSagaStep")]
public interface IJobSagaStep : IGrainWithStringKey
{
    /// <summary>
    /// Handles one job event; idempotent by event id. Also how the saga re-drives a failed delivery. One-way,
    /// because the step reports back to the saga grain, which must not be waiting on it at that moment.
    /// </summary>
    [Alias("deliver"), Orleans.Concurrency.OneWay]
    Task Deliver(DomainEvent domainEvent);

    /// <summary>
    /// The application this event announced was closed (rejected or withdrawn) before the step handled it: a
    /// dead letter of it must never be applied later (an operator's replay would tell the employer about an
    /// acceptance that no longer holds).
    /// </summary>
    [Alias("discard"), Orleans.Concurrency.OneWay]
    Task Discard(Guid eventId);
}
