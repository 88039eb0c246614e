namespace OneDay.Grains.Interfaces.Users;

[GenerateSerializer, Immutable, Alias("oneday.users.shift-reservation")]
public sealed record ShiftReservation(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] DateTimeOffset StartsAt,
    [property: Id(2)] DateTimeOffset EndsAt);

public enum ReserveOutcome
{
    Reserved = 0,
    /// <summary>Another accepted shift overlaps [start, end).</summary>
    Conflict = 1,
}

[GenerateSerializer, Immutable, Alias("oneday.users.reserve-result")]
public sealed record ReserveResult([property: Id(0)] ReserveOutcome Outcome, [property: Id(1)] Guid? ConflictingJobId);

[GenerateSerializer, Immutable, Alias("oneday.users.worker-schedule")]
public sealed record WorkerScheduleView(
    [property: Id(0)] Guid WorkerId,
    [property: Id(1)] ShiftReservation[] Shifts,
    [property: Id(2)] int NoShows,
    [property: Id(3)] int CompletedShifts,
    [property: Id(4)] ShiftReservation[] Applications);

/// <summary>
/// A worker's accepted shifts and open applications (key = worker id). The one place that decides
/// overlap, so two jobs accepting the same worker at once cannot both win.
/// </summary>
[Alias("oneday.users.IWorkerScheduleGrain")]
public interface IWorkerScheduleGrain : IGrainWithGuidKey
{
    /// <summary>Idempotent per job: reserving the same job again answers Reserved.</summary>
    [Alias("reserve")]
    Task<ReserveResult> Reserve(ShiftReservation shift);

    /// <summary>Frees the job's shift and forgets any application to it; idempotent.</summary>
    [Alias("release")]
    Task Release(Guid jobId);

    /// <summary>
    /// Notes an application to the job (idempotent per job). Conflict when an accepted shift overlaps it:
    /// a worker cannot be booked twice, so applying there is pointless.
    /// </summary>
    [Alias("note-application")]
    Task<ReserveResult> NoteApplication(ShiftReservation shift);

    /// <summary>Forgets an application that ended without a shift; idempotent.</summary>
    [Alias("forget-application")]
    Task ForgetApplication(Guid jobId);

    /// <summary>Frees the shift and counts a no-show, once per job.</summary>
    [Alias("no-show")]
    Task RecordNoShow(Guid jobId);

    [Alias("completed")]
    Task RecordCompleted(Guid jobId);

    [Alias("get")]
    Task<WorkerScheduleView> Get();

    /// <summary>Every job the worker applied to, whatever became of it (the worker's data export).</summary>
    [Alias("jobs")]
    Task<Guid[]> Jobs();
}
