using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Jobs;

/// <summary>What the worker schedule must learn after a job write; kept in the same write, replayed until done.</summary>
public enum ScheduleEffectKind
{
    Release = 0,
    NoShow = 1,
    Completed = 2,
    ForgetApplication = 3,
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.schedule-effect")]
public sealed record ScheduleEffect([property: Id(0)] Guid WorkerId, [property: Id(1)] ScheduleEffectKind Kind);

/// <summary>An escrow the job owes a release of, kept in the write that ended the assignment, replayed until done.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.money-effect")]
public sealed record MoneyEffect([property: Id(0)] Guid WorkerId, [property: Id(1)] Guid AssignmentId, [property: Id(2)] EscrowEnd End);

[GenerateSerializer, Alias("oneday.jobs.job-state")]
public sealed class JobState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public Guid EmployerId { get; set; }
    [Id(2)] public JobDraft? Details { get; set; }
    [Id(3)] public JobStatus Status { get; set; }
    /// <summary>Bumped by every write: the ETag, and the read model's ordering of updates.</summary>
    [Id(4)] public long Version { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public string? CancelReason { get; set; }
    [Id(7)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(8)] public Dictionary<Guid, ApplicationView> Applications { get; set; } = [];
    [Id(9)] public Dictionary<Guid, string> IdempotencyKeys { get; set; } = [];
    [Id(10)] public List<RatingView> Ratings { get; set; } = [];
    /// <summary>Cells the job may still be listed in although it moved away from them.</summary>
    [Id(11)] public HashSet<string> StaleCells { get; set; } = [];
    [Id(12)] public List<ScheduleEffect> ScheduleEffects { get; set; } = [];
    [Id(13)] public EventOutbox Outbox { get; set; } = new();
    /// <summary>Workers accepted into a no-show's slot after the start, and when: their check-in grace runs from then.</summary>
    [Id(14)] public Dictionary<Guid, DateTimeOffset> Replacements { get; set; } = [];
    /// <summary>The employer's list knows this job no longer counts as open (see <see cref="JobRules.CountsAsOpen"/>).</summary>
    [Id(15)] public bool ClosedReported { get; set; }
    /// <summary>The <see cref="RequestFingerprint"/> of the draft that created the job.</summary>
    [Id(16)] public string? DraftFingerprint { get; set; }
    /// <summary>Fingerprints of the requests behind <see cref="IdempotencyKeys"/>; absent for a request without a body.</summary>
    [Id(17)] public Dictionary<Guid, string> IdempotencyFingerprints { get; set; } = [];
    /// <summary>The escrow of each worker whose acceptance holds money and has not ended (see <c>Assignments.Id</c>).</summary>
    [Id(18)] public Dictionary<Guid, Guid> Assignments { get; set; } = [];
    [Id(19)] public List<MoneyEffect> MoneyEffects { get; set; } = [];

    public int SlotsHeld => Applications.Values.Count(a => a.HoldsSlot);
}
