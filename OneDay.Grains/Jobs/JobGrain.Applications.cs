using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Jobs;

/// <summary>
/// Applications, and steps 1-2 of both job-application sagas. Submitting: the job registers the
/// application (Submitting, persisted), then the worker's schedule notes it. Accepting: the accepted
/// application first holds a slot (Accepting, persisted, naming its escrow), then the employer's wallet holds
/// the pay in escrow, then the worker's schedule reserves the shift. Too little money puts the application
/// back to pending (no slot, no hold); a schedule conflict compensates by rejecting the application (and
/// releasing the slot and the escrow). An application
/// left half-way by a crash or an unreachable schedule is resumed on activation or by the saga grain's
/// tick (the schedule is idempotent per job).
/// </summary>
public sealed partial class JobGrain
{
    public async Task<ApplicationResult> Apply(Guid workerId, IdempotencyKey? idempotency)
    {
        await AdvanceAsync();
        if (Missing())
        {
            return ApplicationResult.Fail(JobOutcome.NotFound);
        }

        if (S.Applications.TryGetValue(workerId, out var existing))
        {
            if (idempotency is not null && S.IdempotencyKeys.TryGetValue(workerId, out var key) && key == idempotency.Key)
            {
                if (S.IdempotencyFingerprints.GetValueOrDefault(workerId) != idempotency.Fingerprint)
                {
                    return ApplicationResult.Fail(JobOutcome.IdempotencyKeyReused, "This Idempotency-Key came with a different request before.");
                }

                // The same request again: finish what the first one started.
                return existing.Status == ApplicationStatus.Submitting
                    ? await CompleteSubmissionAsync(workerId, created: false)
                    : ApplicationResult.Ok(existing);
            }

            if (existing.IsLive)
            {
                return new ApplicationResult(JobOutcome.AlreadyApplied, existing, false, "You already applied to this job.");
            }

            if (existing.Status == ApplicationStatus.Rejected && existing.RejectionReason == RejectionReasons.Employer)
            {
                return ApplicationResult.Fail(JobOutcome.Closed, "This application was closed by the employer.");
            }

            if (existing.Status is not (ApplicationStatus.Withdrawn or ApplicationStatus.Rejected))
            {
                return ApplicationResult.Fail(JobOutcome.Closed);
            }
        }

        if (workerId == S.EmployerId)
        {
            return ApplicationResult.Fail(JobOutcome.WrongState, "You cannot apply to your own job.");
        }

        if (S.Status != JobStatus.Open)
        {
            return ApplicationResult.Fail(S.Status == JobStatus.Filled ? JobOutcome.HeadcountFull : JobOutcome.Closed);
        }

        if (existing is null && S.Applications.Count >= options.MaxApplicantsPerJob)
        {
            return ApplicationResult.Fail(JobOutcome.TooManyApplicants,
                $"This job has had the most applicants it takes ({options.MaxApplicantsPerJob}).");
        }

        // Saga step 1: register the application durably before asking the worker's schedule.
        S.Applications[workerId] = new ApplicationView(JobId, workerId, ApplicationStatus.Submitting, Now, null, null, null);
        if (idempotency is null)
        {
            S.IdempotencyKeys.Remove(workerId);
        }
        else
        {
            S.IdempotencyKeys[workerId] = idempotency.Key;
        }

        if (idempotency?.Fingerprint is { } fingerprint)
        {
            S.IdempotencyFingerprints[workerId] = fingerprint;
        }
        else
        {
            S.IdempotencyFingerprints.Remove(workerId);
        }

        // The saga watches a submission only when step 2 does not finish within this call: the start event is
        // stored with step 1 but sent only then (or by the next activation, should this one die first).
        var watch = Hold(new ApplicationSubmitting(JobId, S.EmployerId, workerId));
        await WriteAsync();
        try
        {
            // Step 2 needs step 1 stored, not yet published, so the schedule is asked at once, while the rest of
            // the write's follow-up runs. Not when an older schedule effect is still owed, which must reach the
            // schedule first.
            var noting = S.ScheduleEffects.Count == 0 ? NoteApplicationAsync(workerId) : null;
            await AfterWriteAsync();

            if (faults.ShouldFail(SagaStep.JobRecorded, JobId, SagaKind.Application))
            {
                DeactivateOnIdle();
                throw new InvalidOperationException("The saga fault hook crashed the job after the application was registered.");
            }

            return await CompleteSubmissionAsync(workerId, created: true, noting, watch);
        }
        finally
        {
            if (S.Outbox.Release(watch))
            {
                // Step 2 is left half-way: the saga is told, and drives it again.
                _ = Events.SendAsync();
            }
        }
    }

    public async Task<ApplicationResult> Withdraw(Guid workerId)
    {
        await AdvanceAsync();
        if (Missing())
        {
            return ApplicationResult.Fail(JobOutcome.NotFound);
        }

        if (!S.Applications.TryGetValue(workerId, out var application) || !application.IsLive)
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication);
        }

        if (!MayLeave(application))
        {
            return ApplicationResult.Fail(JobOutcome.WrongState, "Only a pending application, or an accepted one before the shift, can be withdrawn.");
        }

        UndoScheduleOf(application);
        if (application.HoldsSlot)
        {
            OweRelease(workerId, EscrowEndKind.Refunded);
        }

        var withdrawn = application with { Status = ApplicationStatus.Withdrawn };
        S.Applications[workerId] = withdrawn;
        Emit(new ApplicationWithdrawn(JobId, workerId));
        UpdateFillStatus();
        await CommitAsync();
        return ApplicationResult.Ok(withdrawn);
    }

    public async Task<ApplicationView[]?> Applications(Guid employerId)
    {
        await AdvanceAsync();
        return !Missing() && S.EmployerId == employerId
            ? [.. S.Applications.Values.OrderBy(a => a.AppliedAt).ThenBy(a => a.WorkerId)]
            : null;
    }

    public async Task<ApplicationView?> ApplicationOf(Guid workerId)
    {
        await AdvanceAsync();
        return Missing() ? null : S.Applications.GetValueOrDefault(workerId);
    }

    public async Task<ApplicationResult> Accept(Guid employerId, Guid workerId)
    {
        if (await CheckOwnerAsync(employerId) is { } denied)
        {
            return ApplicationResult.Fail(denied.Outcome);
        }

        if (!S.Applications.TryGetValue(workerId, out var application) || !application.IsLive)
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication);
        }

        if (application.Status == ApplicationStatus.Submitting)
        {
            return ApplicationResult.Fail(JobOutcome.WrongState, "The application is still being submitted; try again shortly.");
        }

        if (application.Status != ApplicationStatus.Pending)
        {
            // Accepting twice is the same acceptance.
            return application.Status == ApplicationStatus.Accepting
                ? await CompleteAcceptanceAsync(workerId)
                : ApplicationResult.Ok(application);
        }

        if (S.Status == JobStatus.InProgress)
        {
            if (Now >= S.Details!.EndsAt)
            {
                return ApplicationResult.Fail(JobOutcome.Closed, "The shift has ended.");
            }

            if (!CanAcceptReplacement())
            {
                return ApplicationResult.Fail(JobOutcome.HeadcountFull, "Once the shift started, only a no-show's slot can be filled.");
            }

            S.Replacements[workerId] = Now;
        }
        else if (S.Status == JobStatus.Filled || (S.Status == JobStatus.Open && S.SlotsHeld >= S.Details!.Headcount))
        {
            return ApplicationResult.Fail(JobOutcome.HeadcountFull);
        }
        else if (S.Status != JobStatus.Open)
        {
            return ApplicationResult.Fail(JobOutcome.Closed);
        }

        // Saga step 1: hold the slot durably, naming the escrow (unique per write, so per acceptance) before any
        // money moves, so that a crash after the hold finds it again.
        S.Applications[workerId] = application with { Status = ApplicationStatus.Accepting };
        S.Assignments[workerId] = Assignments.Id(JobId, workerId, S.Version);
        Emit(new ApplicationAccepting(JobId, S.EmployerId, workerId));
        UpdateFillStatus();
        await CommitAsync();

        if (faults.ShouldFail(SagaStep.JobRecorded, JobId, SagaKind.Acceptance))
        {
            DeactivateOnIdle();
            throw new InvalidOperationException("The saga fault hook crashed the job after the slot was held.");
        }

        var result = await CompleteAcceptanceAsync(workerId);
        // A replacement brings its own no-show deadline.
        await ScheduleLifecycleAsync();
        return result;
    }

    public async Task<ApplicationResult> Reject(Guid employerId, Guid workerId)
    {
        if (await CheckOwnerAsync(employerId) is { } denied)
        {
            return ApplicationResult.Fail(denied.Outcome);
        }

        if (!S.Applications.TryGetValue(workerId, out var application) || !application.IsLive)
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication);
        }

        if (!MayLeave(application))
        {
            return ApplicationResult.Fail(JobOutcome.WrongState, "Only a pending application, or an accepted one before the shift, can be rejected.");
        }

        SetRejected(application, RejectionReasons.Employer);
        UpdateFillStatus();
        await CommitAsync();
        return ApplicationResult.Ok(S.Applications[workerId]);
    }

    public async Task<ApplicationResult> Compensate(Guid workerId, SagaKind kind, string reason)
    {
        await AdvanceAsync();
        if (Missing() || !S.Applications.TryGetValue(workerId, out var application))
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication);
        }

        var halfway = kind == SagaKind.Application ? ApplicationStatus.Submitting : ApplicationStatus.Accepting;
        if (application.Status != halfway)
        {
            // Already undone, or step 2 is done and the application stands: a saga that had not heard yet must
            // not undo what the worker and employer were told succeeded.
            return ApplicationResult.Ok(application);
        }

        SetRejected(application, reason);
        UpdateFillStatus();
        await CommitAsync();
        return ApplicationResult.Ok(S.Applications[workerId]);
    }

    /// <summary>Saga step 2 of a submission (unless <paramref name="noting"/> already asked), and its compensation.</summary>
    /// <param name="watch">The held start event of this call's step 1, dropped when this step completes the submission.</param>
    private async Task<ApplicationResult> CompleteSubmissionAsync(
        Guid workerId, bool created, Task<ReserveResult?>? noting = null, Guid? watch = null)
    {
        var noted = await (noting ?? NoteApplicationAsync(workerId));
        var application = S.Applications[workerId];
        if (noted is null || application.Status != ApplicationStatus.Submitting)
        {
            // Unreachable schedule: registered, and the saga finishes it later.
            return ApplicationResult.Ok(application, created);
        }

        if (noted.Outcome == ReserveOutcome.Conflict)
        {
            // The start event goes out, ahead of the rejection, so operators see the saga that was compensated.
            if (watch is { } start)
            {
                S.Outbox.Release(start);
            }

            SetRejected(application, RejectionReasons.ScheduleConflict);
            await CommitAsync();
            return new ApplicationResult(JobOutcome.ScheduleConflict, S.Applications[workerId], false,
                $"You already hold an overlapping shift (job {noted.ConflictingJobId}).");
        }

        if (watch is { } held)
        {
            S.Outbox.Drop(held);
        }

        var pending = application with { Status = ApplicationStatus.Pending };
        S.Applications[workerId] = pending;
        Emit(new ApplicationSubmitted(JobId, S.EmployerId, workerId));
        await CommitAsync();
        return ApplicationResult.Ok(pending, created);
    }

    /// <summary>Saga step 2 for one held slot (the escrow, then the schedule), and its compensation.</summary>
    private async Task<ApplicationResult> CompleteAcceptanceAsync(Guid workerId)
    {
        var held = await HoldEscrowAsync(workerId);
        if (S.Applications[workerId].Status != ApplicationStatus.Accepting)
        {
            return ApplicationResult.Ok(S.Applications[workerId]);
        }

        if (held is null)
        {
            return ApplicationResult.Fail(JobOutcome.PaymentsUnavailable,
                "The pay could not be held just now; the slot stays held, and accepting again (or the platform, shortly) finishes it.");
        }

        if (held.Outcome != EscrowOutcome.Ok)
        {
            return await DeclineAcceptanceAsync(workerId, held);
        }

        var reserved = await AskScheduleAsync(workerId, SagaKind.Acceptance, schedule => schedule.Reserve(Shift()));
        var application = S.Applications[workerId];
        if (reserved is null || application.Status != ApplicationStatus.Accepting)
        {
            return ApplicationResult.Ok(application);
        }

        if (reserved.Outcome == ReserveOutcome.Conflict)
        {
            // Compensation: the slot goes back and the worker hears why.
            SetRejected(application, RejectionReasons.ScheduleConflict);
            UpdateFillStatus();
            await CommitAsync();
            return new ApplicationResult(JobOutcome.ScheduleConflict, S.Applications[workerId], false,
                $"The worker already holds an overlapping shift (job {reserved.ConflictingJobId}).");
        }

        var details = S.Details!;
        var accepted = application with { Status = ApplicationStatus.Accepted };
        S.Applications[workerId] = accepted;
        Emit(new ApplicationAccepted(JobId, S.EmployerId, workerId, details.StartsAt, details.EndsAt, held.Escrow.HeldKrw));
        await CommitAsync();
        return ApplicationResult.Ok(accepted);
    }

    /// <summary>The escrow held nothing: the acceptance is undone as if never made, and its saga ends.</summary>
    private async Task<ApplicationResult> DeclineAcceptanceAsync(Guid workerId, EscrowResult held)
    {
        S.Applications[workerId] = S.Applications[workerId] with { Status = ApplicationStatus.Pending };
        S.Assignments.Remove(workerId);
        S.Replacements.Remove(workerId);
        var insufficient = held.Outcome == EscrowOutcome.InsufficientFunds;
        Emit(new AcceptanceDeclined(JobId, workerId, insufficient ? "insufficient-funds" : "pay-not-chargeable"));
        UpdateFillStatus();
        await CommitAsync();
        return ApplicationResult.Fail(insufficient ? JobOutcome.InsufficientFunds : JobOutcome.Invalid, held.Detail);
    }

    /// <summary>
    /// Calls the worker's schedule for saga step 2. Null when it cannot be reached: the application stays
    /// half-way, durably, and the saga grain drives it again through <see cref="Tick"/>.
    /// </summary>
    private async Task<ReserveResult?> AskScheduleAsync(Guid workerId, SagaKind kind, Func<IWorkerScheduleGrain, Task<ReserveResult>> call)
    {
        try
        {
            if (faults.ShouldFail(SagaStep.ScheduleUpdated, JobId, kind))
            {
                throw new InvalidOperationException("The saga fault hook made the worker's schedule unreachable.");
            }

            return await call(GrainFactory.Reference<IWorkerScheduleGrain>(workerId));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogScheduleStepFailed(logger, ex, JobId, workerId, kind);
            return null;
        }
    }

    private Task<ReserveResult?> NoteApplicationAsync(Guid workerId) =>
        AskScheduleAsync(workerId, SagaKind.Application, schedule => schedule.NoteApplication(Shift()));

    private ShiftReservation Shift() => new(JobId, S.Details!.StartsAt, S.Details.EndsAt);

    private async Task ResumeSagasAsync()
    {
        if (S.Status is not (JobStatus.Open or JobStatus.Filled or JobStatus.InProgress))
        {
            return;
        }

        foreach (var application in S.Applications.Values.Where(a => a.IsHalfway).ToList())
        {
            await (application.Status == ApplicationStatus.Submitting
                ? CompleteSubmissionAsync(application.WorkerId, created: false)
                : CompleteAcceptanceAsync(application.WorkerId));
        }
    }

    /// <summary>A standby's pending application may close any time; an accepted worker may only leave before the shift.</summary>
    private bool MayLeave(ApplicationView application) =>
        application.Status is ApplicationStatus.Pending or ApplicationStatus.Submitting
        || (application.Status == ApplicationStatus.Accepted && Now < S.Details!.StartsAt);

    private bool CanAcceptReplacement()
    {
        var noShows = S.Applications.Values.Count(a => a.Status == ApplicationStatus.NoShow);
        var replacements = S.Replacements.Keys.Count(worker => S.Applications[worker].HoldsSlot);
        return ShiftRules.CanAcceptReplacement(S.Details!.Headcount, S.SlotsHeld, noShows, replacements, Now, S.Details.EndsAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the schedule of worker {WorkerId} was unreachable in the {Kind} saga; it will be driven again")]
    private static partial void LogScheduleStepFailed(ILogger logger, Exception exception, Guid jobId, Guid workerId, SagaKind kind);
}
