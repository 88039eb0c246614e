using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Jobs;

/// <summary>
/// Applications, and steps 1-2 of the job-application saga: the accepted application first holds a slot
/// (Accepting, persisted), then the worker's schedule reserves the shift. A schedule conflict compensates
/// by rejecting the application and releasing the slot; an Accepting application left by a crash is
/// resumed on activation or by the saga grain's tick (reserving is idempotent per job).
/// </summary>
public sealed partial class JobGrain
{
    public async Task<ApplicationResult> Apply(Guid workerId, string? idempotencyKey)
    {
        await AdvanceAsync();
        if (!S.Exists)
        {
            return ApplicationResult.Fail(JobOutcome.NotFound);
        }

        if (S.Applications.TryGetValue(workerId, out var existing))
        {
            if (idempotencyKey is not null && S.IdempotencyKeys.TryGetValue(workerId, out var key) && key == idempotencyKey)
            {
                return ApplicationResult.Ok(existing);
            }

            if (existing.IsLive)
            {
                return new ApplicationResult(JobOutcome.AlreadyApplied, existing, false, "You already applied to this job.");
            }

            if (existing.Status != ApplicationStatus.Withdrawn)
            {
                return ApplicationResult.Fail(JobOutcome.Closed, "This application was closed by the employer.");
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

        var application = new ApplicationView(JobId, workerId, ApplicationStatus.Pending, Now, null, null, null);
        S.Applications[workerId] = application;
        if (idempotencyKey is null)
        {
            S.IdempotencyKeys.Remove(workerId);
        }
        else
        {
            S.IdempotencyKeys[workerId] = idempotencyKey;
        }

        Emit(new ApplicationSubmitted(JobId, S.EmployerId, workerId));
        await CommitAsync();
        return ApplicationResult.Ok(application, created: true);
    }

    public async Task<ApplicationResult> Withdraw(Guid workerId)
    {
        await AdvanceAsync();
        if (!S.Exists)
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

        if (application.HoldsSlot)
        {
            S.ScheduleEffects.Add(new ScheduleEffect(workerId, ScheduleEffectKind.Release));
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
        return S.Exists && S.EmployerId == employerId
            ? [.. S.Applications.Values.OrderBy(a => a.AppliedAt).ThenBy(a => a.WorkerId)]
            : null;
    }

    public async Task<ApplicationView?> ApplicationOf(Guid workerId)
    {
        await AdvanceAsync();
        return S.Applications.GetValueOrDefault(workerId);
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

        // Saga step 1: hold the slot durably before asking the worker's schedule.
        S.Applications[workerId] = application with { Status = ApplicationStatus.Accepting };
        Emit(new ApplicationAccepting(JobId, S.EmployerId, workerId));
        UpdateFillStatus();
        await CommitAsync();

        if (faults.Trip(SagaFault.CrashAfterSlotHold, JobId))
        {
            DeactivateOnIdle();
            throw new InjectedFaultException("Injected crash after the slot was held.");
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

        SetRejected(application, "employer");
        UpdateFillStatus();
        await CommitAsync();
        return ApplicationResult.Ok(S.Applications[workerId]);
    }

    public async Task<ApplicationResult> Compensate(Guid workerId, string reason)
    {
        await AdvanceAsync();
        if (!S.Applications.TryGetValue(workerId, out var application))
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication);
        }

        if (application.Status is not (ApplicationStatus.Accepting or ApplicationStatus.Accepted))
        {
            // Already undone, or the shift went on: nothing left to compensate.
            return ApplicationResult.Ok(application);
        }

        SetRejected(application, reason);
        UpdateFillStatus();
        await CommitAsync();
        return ApplicationResult.Ok(S.Applications[workerId]);
    }

    /// <summary>Saga step 2 for one held slot, and its compensation.</summary>
    private async Task<ApplicationResult> CompleteAcceptanceAsync(Guid workerId)
    {
        var details = S.Details!;
        var reserved = await GrainFactory.GetGrain<IWorkerScheduleGrain>(workerId)
            .Reserve(new ShiftReservation(JobId, details.StartsAt, details.EndsAt));
        var application = S.Applications[workerId];
        if (application.Status != ApplicationStatus.Accepting)
        {
            return ApplicationResult.Ok(application);
        }

        if (reserved.Outcome == ReserveOutcome.Conflict)
        {
            // Compensation: the slot goes back and the worker hears why.
            S.Applications[workerId] = application with { Status = ApplicationStatus.Rejected, RejectionReason = "schedule-conflict" };
            Emit(new ApplicationRejected(JobId, workerId, "schedule-conflict"));
            UpdateFillStatus();
            await CommitAsync();
            return new ApplicationResult(JobOutcome.ScheduleConflict, S.Applications[workerId], false,
                $"The worker already holds an overlapping shift (job {reserved.ConflictingJobId}).");
        }

        var accepted = application with { Status = ApplicationStatus.Accepted };
        S.Applications[workerId] = accepted;
        Emit(new ApplicationAccepted(JobId, S.EmployerId, workerId, details.StartsAt, details.EndsAt));
        await CommitAsync();
        return ApplicationResult.Ok(accepted);
    }

    private async Task ResumeAcceptancesAsync()
    {
        foreach (var worker in S.Applications.Values.Where(a => a.Status == ApplicationStatus.Accepting).Select(a => a.WorkerId).ToList())
        {
            if (S.Status is JobStatus.Open or JobStatus.Filled or JobStatus.InProgress)
            {
                await CompleteAcceptanceAsync(worker);
            }
        }
    }

    /// <summary>A standby's pending application may close any time; an accepted worker may only leave before the shift.</summary>
    private bool MayLeave(ApplicationView application) =>
        application.Status == ApplicationStatus.Pending
        || (application.Status == ApplicationStatus.Accepted && Now < S.Details!.StartsAt);

    private bool CanAcceptReplacement()
    {
        var noShows = S.Applications.Values.Count(a => a.Status == ApplicationStatus.NoShow);
        var replacements = S.Replacements.Keys.Count(worker => S.Applications[worker].HoldsSlot);
        return ShiftRules.CanAcceptReplacement(S.Details!.Headcount, S.SlotsHeld, noShows, replacements, Now, S.Details.EndsAt);
    }
}
