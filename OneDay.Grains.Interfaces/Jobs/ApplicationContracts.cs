namespace OneDay.Grains.Interfaces.Jobs;

public enum ApplicationStatus
{
    Pending = 0,
    /// <summary>The employer accepted and a slot is held while the worker's schedule is reserved (saga step 2).</summary>
    Accepting = 1,
    Accepted = 2,
    Rejected = 3,
    Withdrawn = 4,
    CheckedIn = 5,
    CheckedOut = 6,
    Completed = 7,
    Disputed = 8,
    NoShow = 9,
    /// <summary>The job registered the application while the worker's schedule notes it (saga step 2).</summary>
    Submitting = 10,
    /// <summary>A disputed shift an admin resolved: its escrow went as they decided.</summary>
    Resolved = 11,
}

/// <summary>What an admin decides about a disputed shift's escrow.</summary>
public enum DisputeDecision
{
    Release = 0,
    Refund = 1,
    Split = 2,
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.application")]
public sealed record ApplicationView(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid WorkerId,
    [property: Id(2)] ApplicationStatus Status,
    [property: Id(3)] DateTimeOffset AppliedAt,
    [property: Id(4)] string? RejectionReason,
    [property: Id(5)] DateTimeOffset? CheckedInAt,
    [property: Id(6)] DateTimeOffset? CheckedOutAt)
{
    /// <summary>Holds (or is about to hold) one of the job's slots.</summary>
    public bool HoldsSlot => Status is ApplicationStatus.Accepting or ApplicationStatus.Accepted or ApplicationStatus.CheckedIn
        or ApplicationStatus.CheckedOut or ApplicationStatus.Completed or ApplicationStatus.Disputed or ApplicationStatus.Resolved;

    /// <summary>A saga stored its step 1 (Submitting or Accepting) and waits for the worker's schedule.</summary>
    public bool IsHalfway => Status is ApplicationStatus.Submitting or ApplicationStatus.Accepting;

    /// <summary>Waits for the employer or for its saga to finish: nothing of it can happen once the shift ends.</summary>
    public bool IsUndecided => Status is ApplicationStatus.Pending || IsHalfway;

    /// <summary>A worker has at most one live application per job.</summary>
    public bool IsLive => Status is ApplicationStatus.Pending or ApplicationStatus.Submitting || HoldsSlot;
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.application-result")]
public sealed record ApplicationResult(
    [property: Id(0)] JobOutcome Outcome,
    [property: Id(1)] ApplicationView? Application,
    [property: Id(2)] bool Created,
    [property: Id(3)] string? Detail)
{
    public static ApplicationResult Ok(ApplicationView application, bool created = false) => new(JobOutcome.Ok, application, created, null);

    public static ApplicationResult Fail(JobOutcome outcome, string? detail = null) => new(outcome, null, false, detail);
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.rating")]
public sealed record RatingView(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid RaterId,
    [property: Id(2)] Guid SubjectId,
    [property: Id(3)] int Stars,
    [property: Id(4)] string Comment,
    [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>Where a worker says they are at check-in or check-out, with the fix's accuracy radius if the device gave one.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.reported-position")]
public sealed record ReportedPosition(
    [property: Id(0)] double Latitude,
    [property: Id(1)] double Longitude,
    [property: Id(2)] double? AccuracyMeters)
{
    public GeoPoint Point => new(Latitude, Longitude);
}
