using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>One posted job (Guid key): its details, lifecycle, applications and shift attendance.</summary>
[Alias("oneday.jobs.IJobGrain")]
public interface IJobGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Posts the job; for a job that exists, a retry by its employer with the same draft answers it again,
    /// and another draft is <see cref="JobOutcome.IdempotencyKeyReused"/> (the id came from that key).
    /// </summary>
    [Alias("create")]
    Task<JobResult> Create(Guid employerId, JobDraft draft);

    [Alias("get")]
    Task<JobView?> Get();

    /// <summary>Edits an open job; <paramref name="expectedVersion"/> is the version the editor saw (If-Match).</summary>
    [Alias("update")]
    Task<JobResult> Update(Guid employerId, JobDraft draft, long expectedVersion);

    [Alias("cancel")]
    Task<JobResult> Cancel(Guid employerId, string reason);

    /// <summary>
    /// Applies; the same key again answers the first application, the same key with another request is
    /// <see cref="JobOutcome.IdempotencyKeyReused"/>.
    /// </summary>
    [Alias("apply-keyed")]
    Task<ApplicationResult> Apply(Guid workerId, IdempotencyKey? idempotency);

    [Alias("withdraw")]
    Task<ApplicationResult> Withdraw(Guid workerId);

    [Alias("applications")]
    Task<ApplicationView[]?> Applications(Guid employerId);

    [Alias("my-application")]
    Task<ApplicationView?> ApplicationOf(Guid workerId);

    [Alias("accept")]
    Task<ApplicationResult> Accept(Guid employerId, Guid workerId);

    [Alias("reject")]
    Task<ApplicationResult> Reject(Guid employerId, Guid workerId);

    /// <summary>A job with a location takes check-ins only with a position inside its radius (see Geofence).</summary>
    [Alias("check-in-at")]
    Task<ApplicationResult> CheckIn(Guid workerId, ReportedPosition? at);

    [Alias("check-out-at")]
    Task<ApplicationResult> CheckOut(Guid workerId, ReportedPosition? at);

    /// <summary>The employer confirms the shift (or disputes one worker's attendance when <paramref name="disputedWorkerId"/> is set).</summary>
    [Alias("confirm")]
    Task<JobResult> ConfirmCompletion(Guid employerId, Guid? disputedWorkerId, string? disputeReason);

    /// <summary>
    /// An admin's decision on a disputed shift, audited with its reason: release pays the worker in full, refund
    /// returns everything to the employer, split pays the worker <paramref name="workerWageKrw"/> of the wage
    /// (and the fee on that part) and returns the rest.
    /// </summary>
    [Alias("resolve-dispute")]
    Task<ApplicationResult> ResolveDispute(Guid adminId, Guid workerId, DisputeDecision decision, long workerWageKrw, string reason, CallerInfo caller);

    [Alias("rate")]
    Task<JobResult> Rate(Guid raterId, Guid subjectId, int stars, string comment);

    /// <summary>Null when no such job was posted.</summary>
    [Alias("ratings")]
    Task<RatingView[]?> Ratings();

    /// <summary>
    /// Saga compensation: undoes a submission or an acceptance whose later steps failed (application
    /// rejected, slot and schedule released). Touches only what that saga did: compensating a submission
    /// leaves an application the employer has since accepted alone.
    /// </summary>
    [Alias("compensate")]
    Task<ApplicationResult> Compensate(Guid workerId, SagaKind kind, string reason);

    /// <summary>Drives time-based transitions (start, expiry, no-shows) and any unfinished application saga.</summary>
    [Alias("tick")]
    Task<JobView?> Tick();
}
