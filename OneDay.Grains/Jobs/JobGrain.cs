using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Jobs;

/// <summary>
/// One job: the single writer of its details, lifecycle and applications. Every change is one state write
/// that also carries the events it emits and the schedule effects it owes; both are delivered after the
/// write and replayed on activation, so a crash between the write and the delivery loses nothing.
/// </summary>
[DomainPlacement(Domains.Jobs), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed partial class JobGrain(
    [PersistentState("job", Domains.Jobs)] IPersistentState<JobState> state,
    JobClock clock,
    JobOptions options,
    ISagaFaultHook faults,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    private const string LifecycleReminder = "lifecycle";
    private JobState S => state.State;
    private Guid JobId => this.GetPrimaryKey();
    private DateTimeOffset Now => clock.UtcNow;

    /// <summary>
    /// What this activation last told the search index (null: not listed). Unknown in a fresh activation,
    /// whose first sync therefore always goes to the cell.
    /// </summary>
    private JobSearchEntry? _indexed;
    private bool _indexKnown;

    private OutboxSender? _events;

    /// <summary>
    /// The job's events go to the broker in the background: a command answers once its state (and so its
    /// outbox) is stored, without also waiting for the broker's confirms, which were the largest part of
    /// applying. Events stuck by a crash go out with the next activation, as before.
    /// </summary>
    private OutboxSender Events => _events ??= this.BackgroundPublisher(() => S.Outbox);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists)
        {
            // Whatever the previous activation owed after its last write is delivered now, including what it
            // held for a step it did not live to finish.
            S.Outbox.ReleaseHeld();
            await AfterWriteAsync();
            await ResumeSagasAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _events?.DrainAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<JobResult> Create(Guid employerId, JobDraft draft)
    {
        if (S.Exists)
        {
            // The id came from the employer's Idempotency-Key: a retry gets its job, another request does not.
            return S.EmployerId != employerId ? JobResult.Fail(JobOutcome.AlreadyExists)
                : S.DraftFingerprint is null || S.DraftFingerprint == RequestFingerprint.Of(draft) ? JobResult.Ok(View())
                : JobResult.Fail(JobOutcome.IdempotencyKeyReused, "This Idempotency-Key already posted a different job.");
        }

        var errors = await ValidateAsync(draft);
        if (errors.Length > 0)
        {
            // Nothing was posted: this activation has nothing to keep.
            DeactivateOnIdle();
            return JobResult.Invalid(errors);
        }

        // Indexed first: a listing skips ids whose job never got written, but could not find a job it never indexed.
        if (!await GrainFactory.Reference<IEmployerJobsGrain>(employerId).TryAdd(JobId))
        {
            DeactivateOnIdle();
            return JobResult.Fail(JobOutcome.TooManyOpenJobs,
                $"You have {options.MaxOpenJobsPerEmployer} open jobs; cancel one, or post again once one has started.");
        }

        S.Exists = true;
        S.EmployerId = employerId;
        S.Details = draft;
        S.DraftFingerprint = RequestFingerprint.Of(draft);
        S.Status = JobStatus.Open;
        S.CreatedAt = Now;
        Emit(new JobCreated(JobId, employerId, draft));
        await CommitAsync();
        await ScheduleLifecycleAsync();
        return JobResult.Ok(View());
    }

    public async Task<JobView?> Get()
    {
        await AdvanceAsync();
        return Missing() ? null : View();
    }

    public async Task<JobView?> Tick()
    {
        await AdvanceAsync();
        await ResumeSagasAsync();
        return Missing() ? null : View();
    }

    public async Task<JobResult> Update(Guid employerId, JobDraft draft, long expectedVersion)
    {
        if (await CheckOwnerAsync(employerId) is { } denied)
        {
            return denied;
        }

        if (S.Version != expectedVersion)
        {
            return new JobResult(JobOutcome.VersionMismatch, View(), [], "The job changed since you read it.");
        }

        if (S.Status is not (JobStatus.Open or JobStatus.Filled))
        {
            return JobResult.Fail(JobOutcome.Closed, $"A {S.Status} job cannot be edited.");
        }

        var errors = (await ValidateAsync(draft)).ToList();
        var current = S.Details!;
        var held = S.SlotsHeld;
        if (held > 0)
        {
            // Accepted workers planned around the shift and place they agreed to.
            if (draft.StartsAt != current.StartsAt || draft.EndsAt != current.EndsAt)
            {
                errors.Add(new FieldError("startsAt", "The shift cannot move once workers are accepted."));
            }

            if (draft.Location != current.Location)
            {
                errors.Add(new FieldError("location", "The location cannot change once workers are accepted."));
            }

            if (draft.Headcount < held)
            {
                errors.Add(new FieldError("headcount", $"{held} workers are already accepted."));
            }

            if (draft.Pay != current.Pay)
            {
                errors.Add(new FieldError("pay", "The pay cannot change once workers are accepted: their escrow holds what they agreed to."));
            }
        }

        if (errors.Count > 0)
        {
            return JobResult.Invalid([.. errors]);
        }

        var oldCell = GeoGrid.CellOf(current.Location.Latitude, current.Location.Longitude);
        if (oldCell != GeoGrid.CellOf(draft.Location.Latitude, draft.Location.Longitude))
        {
            S.StaleCells.Add(oldCell);
        }

        S.Details = draft;
        Emit(new JobUpdated(JobId, S.Version + 1, draft));
        UpdateFillStatus();
        await CommitAsync();
        await ScheduleLifecycleAsync();
        return JobResult.Ok(View());
    }

    public async Task<JobResult> Cancel(Guid employerId, string reason)
    {
        if (await CheckOwnerAsync(employerId) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return JobResult.Invalid([new FieldError("reason", "Required, at most 500 characters.")]);
        }

        var afterStart = Now >= S.Details!.StartsAt;
        var allowed = S.Status is JobStatus.Open or JobStatus.Filled
            || (S.Status == JobStatus.InProgress && !S.Applications.Values.Any(a => a.CheckedInAt is not null));
        if (!allowed)
        {
            return JobResult.Fail(JobOutcome.WrongState, S.Status == JobStatus.InProgress
                ? "Workers have checked in; confirm or dispute the shift instead."
                : $"A {S.Status} job cannot be cancelled.");
        }

        RejectWhere(a => a.IsLive, RejectionReasons.JobCancelled);

        S.Status = JobStatus.Cancelled;
        S.CancelReason = reason;
        Emit(new JobCancelled(JobId, reason, afterStart));
        await CommitAsync();
        await ScheduleLifecycleAsync();
        return JobResult.Ok(View());
    }

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (Missing())
        {
            // Only a lost state leaves a reminder behind without its job; it has nothing to wake.
            if (await this.GetReminder(reminderName) is { } orphan)
            {
                await this.UnregisterReminder(orphan);
            }

            return;
        }

        await AdvanceAsync();
        if (S.MoneyEffects.Count > 0 || S.ScheduleEffects.Count > 0)
        {
            await AfterWriteAsync();
        }

        await ScheduleLifecycleAsync();
    }

    /// <summary>Applies the transitions time has made due: start, expiry, no-shows, the automatic confirmation.</summary>
    private async Task AdvanceAsync()
    {
        if (!S.Exists)
        {
            return;
        }

        var now = Now;
        var details = S.Details!;
        var changed = false;
        if (S.Status is JobStatus.Open or JobStatus.Filled && now >= details.StartsAt)
        {
            // Half-way sagas cannot finish once the shift starts: no new applications, no new acceptances.
            RejectWhere(a => a.IsHalfway, RejectionReasons.JobStarted);
            if (S.SlotsHeld > 0)
            {
                // Pending applications stay as standbys: a no-show's slot may still go to one of them.
                S.Status = JobStatus.InProgress;
                Emit(new JobStarted(JobId, S.SlotsHeld));
            }
            else
            {
                RejectWhere(a => a.Status == ApplicationStatus.Pending, RejectionReasons.JobStarted);
                S.Status = JobStatus.Expired;
                Emit(new JobExpired(JobId));
            }

            changed = true;
        }

        if (S.Status == JobStatus.InProgress)
        {
            foreach (var absent in S.Applications.Values.Where(a => a.Status == ApplicationStatus.Accepted && now >= CheckInDeadline(a)).ToList())
            {
                S.Applications[absent.WorkerId] = absent with { Status = ApplicationStatus.NoShow };
                S.ScheduleEffects.Add(new ScheduleEffect(absent.WorkerId, ScheduleEffectKind.NoShow));
                OweRelease(absent.WorkerId, EscrowEndKind.Refunded);
                Emit(new WorkerNoShow(JobId, absent.WorkerId));
                changed = true;
            }

            if (now >= details.EndsAt)
            {
                changed |= RejectWhere(a => a.IsUndecided, RejectionReasons.ShiftEnded);
            }

            if (now >= AutoConfirmAt())
            {
                // Nobody disputed the shift in time: it stands as worked, and the workers are paid.
                CloseShift(null, null, automatic: true);
                changed = true;
            }
        }

        if (changed)
        {
            await CommitAsync();
        }
    }

    /// <summary>Writes the state (with its outbox), then delivers what the write promised.</summary>
    private async Task CommitAsync()
    {
        await WriteAsync();
        await AfterWriteAsync();
    }

    /// <summary>The write alone; the caller owes <see cref="AfterWriteAsync"/> once it has done what may overlap it.</summary>
    private async Task WriteAsync()
    {
        // Before the write, so that the write also stores that the report was made.
        await ReportClosedAsync();
        S.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory state is now ahead of storage; a fresh activation reloads what was really written.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task AfterWriteAsync()
    {
        _ = Events.SendAsync();
        await SyncSearchIndexAsync();
        await ReportClosedAsync();
        await ReleaseOwedEscrowsAsync();
        while (S.ScheduleEffects.Count > 0)
        {
            var effect = S.ScheduleEffects[0];
            var schedule = GrainFactory.Reference<IWorkerScheduleGrain>(effect.WorkerId);
            try
            {
                await (effect.Kind switch
                {
                    ScheduleEffectKind.NoShow => schedule.RecordNoShow(JobId),
                    ScheduleEffectKind.Completed => schedule.RecordCompleted(JobId),
                    ScheduleEffectKind.ForgetApplication => schedule.ForgetApplication(JobId),
                    _ => schedule.Release(JobId),
                });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Stays in the state; the next write or activation replays it (the schedule is idempotent per job).
                LogScheduleEffectFailed(logger, ex, JobId, effect.WorkerId);
                return;
            }

            S.ScheduleEffects.RemoveAt(0);
        }
    }

    private async Task SyncSearchIndexAsync()
    {
        var details = S.Details!;
        var cell = GeoGrid.CellOf(details.Location.Latitude, details.Location.Longitude);
        foreach (var stale in S.StaleCells.ToList())
        {
            await GrainFactory.Reference<IJobGeoCellGrain>(stale).Remove(JobId, S.Version);
            S.StaleCells.Remove(stale);
        }

        var openSlots = details.Headcount - S.SlotsHeld;
        var listing = S.Status == JobStatus.Open && openSlots > 0 && Now < details.StartsAt
            ? new JobSearchEntry(
                JobId, S.Version, details.Title, details.Category, details.Location.Latitude, details.Location.Longitude,
                details.Location.Address, details.StartsAt, details.EndsAt, details.Pay,
                details.Pay.HourlyKrw(details.EndsAt - details.StartsAt), openSlots, S.EmployerId, details.RequiredSkills)
            : null;
        if (_indexKnown && SameListing(_indexed, listing))
        {
            // Most writes (an application, a check-in) change nothing a search shows: the cell keeps its entry.
            return;
        }

        var cellGrain = GrainFactory.Reference<IJobGeoCellGrain>(cell);
        await (listing is null ? cellGrain.Remove(JobId, S.Version) : cellGrain.Upsert(listing));
        _indexed = listing;
        _indexKnown = true;
    }

    /// <summary>
    /// Tells the employer's list that the job no longer counts against their open jobs. A failure is logged
    /// and the report made again after the next write or activation (it is idempotent); the list also checks
    /// its open jobs itself when it reaches the cap.
    /// </summary>
    private async Task ReportClosedAsync()
    {
        if (S.ClosedReported || JobRules.CountsAsOpen(S.Status))
        {
            return;
        }

        try
        {
            await GrainFactory.Reference<IEmployerJobsGrain>(S.EmployerId).Closed(JobId);
            S.ClosedReported = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogClosedReportFailed(logger, ex, JobId, S.EmployerId);
        }
    }

    private static bool SameListing(JobSearchEntry? last, JobSearchEntry? next) =>
        last is null ? next is null : next is not null && last == next with { Version = last.Version };

    /// <summary>
    /// A reminder wakes the job at its start, at each accepted worker's no-show deadline, at the shift's end
    /// while standbys wait, when the shift confirms itself, and soon again while an escrow release is owed,
    /// even when nobody calls it.
    /// </summary>
    private async Task ScheduleLifecycleAsync()
    {
        var details = S.Details!;
        var now = Now;
        DateTimeOffset? due = S.Status switch
        {
            JobStatus.Open or JobStatus.Filled => details.StartsAt,
            JobStatus.InProgress => NextShiftDeadline(),
            _ => null,
        };
        if (S.MoneyEffects.Count > 0 && (due is null || due > now + MoneyRetry))
        {
            due = now + MoneyRetry;
        }

        if (due is { } at)
        {
            var wait = at - now;
            await this.RegisterOrUpdateReminder(
                LifecycleReminder, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, TimeSpan.FromMinutes(5));
        }
        else if (await this.GetReminder(LifecycleReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private DateTimeOffset NextShiftDeadline()
    {
        var deadlines = S.Applications.Values.Where(a => a.Status == ApplicationStatus.Accepted).Select(CheckInDeadline).ToList();
        if (S.Applications.Values.Any(a => a.IsUndecided))
        {
            deadlines.Add(S.Details!.EndsAt);
        }

        deadlines.Add(AutoConfirmAt());
        return deadlines.Min();
    }

    private DateTimeOffset CheckInDeadline(ApplicationView application) => ShiftRules.CheckInDeadline(
        S.Details!.StartsAt, S.Replacements.TryGetValue(application.WorkerId, out var at) ? at : null, options.NoShowGrace);

    private bool RejectWhere(Func<ApplicationView, bool> predicate, string reason)
    {
        var closing = S.Applications.Values.Where(predicate).ToList();
        foreach (var application in closing)
        {
            SetRejected(application, reason);
        }

        return closing.Count > 0;
    }

    private void UpdateFillStatus()
    {
        if (S.Status == JobStatus.Open && S.SlotsHeld >= S.Details!.Headcount)
        {
            S.Status = JobStatus.Filled;
            Emit(new JobFilled(JobId, S.Details.Headcount));
        }
        else if (S.Status == JobStatus.Filled && S.SlotsHeld < S.Details!.Headcount && Now < S.Details.StartsAt)
        {
            S.Status = JobStatus.Open;
        }
    }

    private void SetRejected(ApplicationView application, string reason)
    {
        UndoScheduleOf(application);
        if (application.HoldsSlot)
        {
            // The employer ending an accepted worker's shift may owe them a share; any other ending refunds.
            OweRelease(application.WorkerId, reason is RejectionReasons.Employer or RejectionReasons.JobCancelled ? EscrowEndKind.CancelledByEmployer : EscrowEndKind.Refunded);
        }

        S.Applications[application.WorkerId] = application with { Status = ApplicationStatus.Rejected, RejectionReason = reason };
        Emit(new ApplicationRejected(JobId, application.WorkerId, reason));
    }

    /// <summary>An application that ends takes its trace off the worker's schedule: the held shift, or the noted application.</summary>
    private void UndoScheduleOf(ApplicationView application) => S.ScheduleEffects.Add(new ScheduleEffect(
        application.WorkerId, application.HoldsSlot ? ScheduleEffectKind.Release : ScheduleEffectKind.ForgetApplication));

    /// <param name="aggregate">Whose stream it goes to when it is not the job's own (a payment goes to the worker's).</param>
    private void Emit(IDomainEventPayload payload, Guid? aggregate = null) => S.Outbox.Add(NewEvent(payload, aggregate));

    /// <summary>Stores an event with the next write without sending it (<see cref="EventOutbox.Held"/>).</summary>
    private Guid Hold(IDomainEventPayload payload)
    {
        var held = NewEvent(payload);
        S.Outbox.Hold(held);
        return held.EventId;
    }

    private DomainEvent NewEvent(IDomainEventPayload payload, Guid? aggregate = null) =>
        DomainEvent.Create(payload, (aggregate ?? JobId).ToString(), Now, CorrelationContext.Current);

    private async Task<FieldError[]> ValidateAsync(JobDraft draft)
    {
        var errors = JobRules.Validate(draft, Now, options.MinimumHourlyWageKrw);
        if (!string.IsNullOrWhiteSpace(draft.Category)
            && !await GrainFactory.Reference<ICategoryCatalogGrain>(0).Exists(draft.Category))
        {
            errors.Add(new FieldError("category", "Unknown category; see GET /api/jobs/categories."));
        }

        return [.. errors];
    }

    private async Task<JobResult?> CheckOwnerAsync(Guid employerId)
    {
        await AdvanceAsync();
        return Missing() ? JobResult.Fail(JobOutcome.NotFound)
            : S.EmployerId != employerId ? JobResult.Fail(JobOutcome.NotOwner)
            : null;
    }

    /// <summary>
    /// True for a job that was never posted, whose activation then leaves as soon as the call returns: any
    /// id can be asked for from outside, and an activation kept per unknown id would let requests with
    /// random ids fill the silo's memory. Nothing is written, and no reminder or timer was registered.
    /// </summary>
    private bool Missing()
    {
        if (S.Exists)
        {
            return false;
        }

        DeactivateOnIdle();
        return true;
    }

    private JobView View() => new(
        JobId, S.EmployerId, S.Details!, S.Status, S.SlotsHeld, S.Version, S.CreatedAt, S.CancelReason, S.CompletedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: telling employer {EmployerId}'s list that it closed failed; will retry")]
    private static partial void LogClosedReportFailed(ILogger logger, Exception exception, Guid jobId, Guid employerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: schedule effect for worker {WorkerId} failed; will retry")]
    private static partial void LogScheduleEffectFailed(ILogger logger, Exception exception, Guid jobId, Guid workerId);
}
