using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Jobs.Saga;

[GenerateSerializer, Alias("oneday.jobs.saga-record")]
public sealed class SagaRecord
{
    [Id(0)] public Guid WorkerId { get; set; }
    [Id(1)] public SagaStatus Status { get; set; }
    [Id(2)] public HashSet<SagaStep> Done { get; set; } = [];
    [Id(3)] public int Redrives { get; set; }
    [Id(4)] public string? CompensationReason { get; set; }
    [Id(5)] public DateTimeOffset StartedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>
    /// The step-2 event (submitted or accepted), kept to re-drive the communication and analytics steps, and while
    /// they are pending to recognise their report after an operator's replay.
    /// </summary>
    [Id(7)] public DomainEvent? Trigger { get; set; }
    [Id(8)] public SagaKind Kind { get; set; }
}

/// <summary>Keyed by worker, one map per kind: plain keys, so any storage serializer can store them.</summary>
[GenerateSerializer, Alias("oneday.jobs.saga-state")]
public sealed class JobSagaState : ConsumerState
{
    [Id(0)] public Dictionary<Guid, SagaRecord> Acceptances { get; set; } = [];
    [Id(1)] public Dictionary<Guid, SagaRecord> Submissions { get; set; } = [];

    public IEnumerable<SagaRecord> All() => Acceptances.Values.Concat(Submissions.Values);

    public Dictionary<Guid, SagaRecord> Of(SagaKind kind) => kind == SagaKind.Application ? Submissions : Acceptances;

    public SagaRecord? Find(SagaKey key) => Of(key.Kind).GetValueOrDefault(key.WorkerId);

    public bool AnyRunning() => All().Any(s => s.Status == SagaStatus.Running);
}

/// <summary>
/// Persisted state of every saga of one job: each worker's submission and acceptance. Steps 1-2 run in
/// the job grain (durable in its state); this grain learns of them from the job's stream, hears from
/// steps 3-4, and while a saga is unfinished it wakes up (timer, and a reminder that survives a silo
/// crash) to re-drive the stuck step (<see cref="SagaRedrivePolicy"/>, on job time). Past
/// <see cref="JobOptions.SagaMaxRedrives"/> only a business step compensates (the job rejects the
/// application, releasing the slot and the worker's schedule); a notification or analytics step never undoes
/// what the employer was told succeeded: the saga is left <see cref="SagaStatus.CompletedWithPendingSteps"/>
/// and the step's event waits in dead letters for an operator's replay.
/// </summary>
/// <remarks>
/// Progress of steps 3-4 is stored with the grain's next write after the saga completes, not at each report:
/// both steps are idempotent, so a report lost with an activation only costs a re-drive that they answer
/// again. A submission whose step 2 finished within the request starts here with its trigger event, the job
/// sending its start event only when step 2 is left half-way.
/// </remarks>
[ImplicitStreamSubscription(JobStreams.Applications), DomainPlacement(Domains.Jobs)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed partial class JobSagaGrain(
    [PersistentState("job-saga", Domains.Jobs)] IPersistentState<JobSagaState> state,
    JobOptions options,
    JobClock clock,
    ILogger<JobSagaGrain> logger) : IdempotentConsumerGrain<JobSagaState>(state), IJobSagaGrain, IRemindable
{
    private const string WatchReminder = "saga-watch";
    private const int MaxEarlyReports = 1_000;
    private static readonly SagaStep[] LaterSteps = [SagaStep.EmployerNotified, SagaStep.AnalyticsRecorded];
    private IGrainTimer? _timer;
    private bool _reminderRegistered;

    /// <summary>When the last running saga of this job ended; null while one runs.</summary>
    private DateTimeOffset? _idleSince;

    /// <summary>A saga completed since the state was last written.</summary>
    private bool _unsaved;

    /// <summary>
    /// Reports that overtook the saga's step-2 event (the steps consume the same stream independently),
    /// by that event's id. Merged when the event arrives; lost with the activation, which a re-drive repairs.
    /// </summary>
    private readonly Dictionary<Guid, HashSet<SagaStep>> _early = [];

    private Guid JobId => Guid.Parse(this.GetPrimaryKeyString());

    private DateTimeOffset Now => clock.UtcNow;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        EnsureWatching();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved)
        {
            try
            {
                await WriteAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Stored as running, the completed sagas are driven again once and report again.
                LogCompletionsUnsaved(logger, ex, JobId);
            }
        }
    }

    public async Task StepDone(Guid eventId, Guid workerId, SagaKind kind, SagaStep step)
    {
        if (State.Find(new SagaKey(workerId, kind)) is not { } saga
            || (saga.Status == SagaStatus.Running && saga.Trigger is null))
        {
            RememberEarly(eventId, step);
            return;
        }

        if (saga.Status is SagaStatus.Running or SagaStatus.CompletedWithPendingSteps
            && saga.Trigger?.EventId == eventId && saga.Done.Add(step))
        {
            // A pending saga is no longer re-driven, so a report of it (an operator's replay) is stored at once.
            // A completion waits for the next write (the next event, or the timer's): a job taking applications
            // writes this state for each one anyway, and a completion lost with the activation costs a re-drive.
            var pending = saga.Status == SagaStatus.CompletedWithPendingSteps;
            Advance(saga);
            if (pending)
            {
                await WriteAsync();
            }
            else if (saga.Status == SagaStatus.Completed)
            {
                _unsaved = true;
            }
        }
    }

    public Task<SagaView[]> Sagas() => Task.FromResult(State.All().Select(s => new SagaView(
        JobId, s.WorkerId, s.Status, [.. s.Done.Order()], s.Redrives, s.CompensationReason, s.StartedAt, s.UpdatedAt, s.Kind)).ToArray());

    public Task CheckOverdue() => CheckAsync();

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => CheckAsync();

    protected override bool Accepts(DomainEvent domainEvent) =>
        SagaEvents.StartOf(domainEvent.Payload) is not null
        || SagaEvents.TriggerOf(domainEvent.Payload) is not null
        || domainEvent.Payload is ApplicationRejected or ApplicationWithdrawn or AcceptanceDeclined;

    protected override async Task HandleAsync(DomainEvent domainEvent)
    {
        // The base writes the state after this, completions included (or, failing, reads back what is stored).
        _unsaved = false;
        if (SagaEvents.StartOf(domainEvent.Payload) is { } started)
        {
            Start(started);
        }
        else if (SagaEvents.TriggerOf(domainEvent.Payload) is { } triggered)
        {
            // A job whose step 2 finished within the request sends no start event: the trigger starts the saga.
            var saga = Running(triggered) is { Trigger: null } waiting ? waiting : Start(triggered);
            saga.Done.Add(SagaStep.ScheduleUpdated);
            saga.Trigger = domainEvent;
            if (_early.Remove(domainEvent.EventId, out var early))
            {
                saga.Done.UnionWith(early);
            }

            Advance(saga);
        }
        else if (domainEvent.Payload is ApplicationRejected rejected)
        {
            await EndAsync(rejected.WorkerId, rejected.Reason);
        }
        else if (domainEvent.Payload is ApplicationWithdrawn withdrawn)
        {
            // The withdrawal itself undid the earlier steps.
            await EndAsync(withdrawn.WorkerId, "withdrawn");
        }
        else if (domainEvent.Payload is AcceptanceDeclined declined && Running(new SagaKey(declined.WorkerId, SagaKind.Acceptance)) is { } acceptance)
        {
            // Only the acceptance ended: the application stands, and so does what its own saga still owes.
            acceptance.Status = SagaStatus.Compensated;
            acceptance.CompensationReason = declined.Reason;
            acceptance.UpdatedAt = Now;
            Close(acceptance);
        }

        // Before the base writes the state: a running saga is never stored without the reminder that
        // resumes it after a crash. A reminder with nothing left to watch removes itself.
        EnsureWatching();
        if (!_reminderRegistered && State.AnyRunning())
        {
            await this.RegisterOrUpdateReminder(WatchReminder, options.SagaReminderPeriod, options.SagaReminderPeriod);
            _reminderRegistered = true;
        }
    }

    /// <summary>A new submission or acceptance starts a new saga, even for a worker whose earlier one ended.</summary>
    private SagaRecord Start(SagaKey key)
    {
        _idleSince = null;
        return State.Of(key.Kind)[key.WorkerId] = new SagaRecord
        {
            WorkerId = key.WorkerId,
            Kind = key.Kind,
            Status = SagaStatus.Running,
            Done = [SagaStep.JobRecorded],
            StartedAt = Now,
            UpdatedAt = Now,
        };
    }

    private async Task WriteAsync()
    {
        await WriteStateAsync();
        _unsaved = false;
    }

    private SagaRecord? Running(SagaKey key) => State.Find(key) is { Status: SagaStatus.Running } saga ? saga : null;

    /// <summary>The application is closed: whatever saga of this worker is unfinished can no longer finish.</summary>
    private async Task EndAsync(Guid workerId, string reason)
    {
        foreach (var saga in State.All().Where(s => s.WorkerId == workerId && s.Status is SagaStatus.Running or SagaStatus.CompletedWithPendingSteps))
        {
            // A notification still owed would now tell the employer something no longer true.
            await DiscardLaterStepsAsync(saga);
            saga.Status = SagaStatus.Compensated;
            saga.CompensationReason = reason;
            saga.UpdatedAt = Now;
            Close(saga);
        }
    }

    private void RememberEarly(Guid eventId, SagaStep step)
    {
        if (_early.Count >= MaxEarlyReports)
        {
            // Reports of sagas that never came; the re-drive covers the rare real one dropped here.
            _early.Clear();
        }

        if (!_early.TryGetValue(eventId, out var steps))
        {
            _early[eventId] = steps = [];
        }

        steps.Add(step);
    }

    private void Advance(SagaRecord saga)
    {
        saga.UpdatedAt = Now;
        if (saga.Done.Count == Enum.GetValues<SagaStep>().Length)
        {
            saga.Status = SagaStatus.Completed;
            Close(saga);
        }
    }

    // An ended saga is never re-driven, so its trigger event is dead weight, and the state holding one record
    // per applicant is stored whole on every write: with the event kept, a job's saga state grew by a few
    // hundred bytes per applicant, and applying got slower the more workers had applied before.
    private static void Close(SagaRecord saga) => saga.Trigger = null;

    private void EnsureWatching()
    {
        if (_timer is null && State.AnyRunning())
        {
            _timer = this.RegisterGrainTimer(CheckAsync, options.SagaCheckPeriod, options.SagaCheckPeriod);
        }
    }

    /// <summary>
    /// Re-drives every running saga whose next re-drive is due, and gives up on those past the limit. Every
    /// decision here reads job time, never how often or how late the timer or reminder ticked.
    /// </summary>
    private async Task CheckAsync()
    {
        var now = Now;
        var changed = false;
        foreach (var saga in State.All().Where(s => s.Status == SagaStatus.Running && now >= NextRedriveAt(s)).ToList())
        {
            changed = true;
            saga.UpdatedAt = now;
            if (saga.Redrives >= options.SagaMaxRedrives)
            {
                if (SagaRedrivePolicy.BusinessDone(saga.Done))
                {
                    LeavePending(saga);
                }
                else
                {
                    await CompensateAsync(saga);
                }

                continue;
            }

            saga.Redrives++;
            try
            {
                await RedriveAsync(saga);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogRedriveFailed(logger, ex, JobId, saga.WorkerId, saga.Kind);
            }
        }

        if (changed || _unsaved)
        {
            await WriteAsync();
        }

        if (State.AnyRunning())
        {
            _idleSince = null;
            return;
        }

        // The watch stays up for one reminder period after the last saga ended: a job taking applications
        // starts the next saga within seconds, and registering the reminder again for each one was two of
        // the thirteen database writes of an application.
        _idleSince ??= now;
        if (now - _idleSince < options.SagaReminderPeriod)
        {
            return;
        }

        _timer?.Dispose();
        _timer = null;
        _idleSince = null;
        if (await this.GetReminder(WatchReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }

    private async Task RedriveAsync(SagaRecord saga)
    {
        if (!saga.Done.Contains(SagaStep.ScheduleUpdated))
        {
            // The job resumes its half-way application: asks the schedule again (idempotent) or compensates on conflict.
            await GrainFactory.Reference<IJobGrain>(JobId).Tick();
            return;
        }

        var trigger = saga.Trigger!;
        foreach (var step in MissingLaterSteps(saga))
        {
            await StepGrain(step).Deliver(trigger);
        }
    }

    private DateTimeOffset NextRedriveAt(SagaRecord saga) =>
        SagaRedrivePolicy.NextRedriveAt(saga.UpdatedAt, SagaRedrivePolicy.BusinessDone(saga.Done), saga.Redrives, options);

    /// <summary>
    /// The application or acceptance stands; the step that keeps failing has its event in dead letters (it went
    /// there on its first failure), where an operator sees it and replays it once the step works again.
    /// </summary>
    private void LeavePending(SagaRecord saga)
    {
        saga.Status = SagaStatus.CompletedWithPendingSteps;
        LogLeftPending(logger, saga.Kind, JobId, saga.WorkerId, string.Join(", ", MissingLaterSteps(saga)), saga.Redrives);
    }

    private async Task DiscardLaterStepsAsync(SagaRecord saga)
    {
        if (saga.Trigger is { } trigger)
        {
            foreach (var step in MissingLaterSteps(saga))
            {
                await StepGrain(step).Discard(trigger.EventId);
            }
        }
    }

    private static IEnumerable<SagaStep> MissingLaterSteps(SagaRecord saga) => LaterSteps.Where(step => !saga.Done.Contains(step));

    private IJobSagaStep StepGrain(SagaStep step) => step == SagaStep.EmployerNotified
        ? GrainFactory.Reference<IJobNotificationsGrain>(this.GetPrimaryKeyString())
        : GrainFactory.Reference<IJobAnalyticsGrain>(this.GetPrimaryKeyString());

    /// <summary>The worker's schedule never answered: the job rejects the application, releasing the slot.</summary>
    private async Task CompensateAsync(SagaRecord saga)
    {
        const string reason = "saga-failed:schedule";
        try
        {
            var result = await GrainFactory.Reference<IJobGrain>(JobId).Compensate(saga.WorkerId, saga.Kind, reason);
            if (result.Application?.Status is { } status && status is not (ApplicationStatus.Rejected or ApplicationStatus.Withdrawn))
            {
                // The job had finished step 2 after all and keeps the application; its event, which the job's
                // outbox sends until it is taken, had not reached this saga yet. Wait for it afresh.
                saga.Redrives = 0;
                return;
            }

            // The job's ApplicationRejected event closes the saga too; this keeps it closed if that event is late.
            saga.Status = SagaStatus.Compensated;
            saga.CompensationReason = reason;
            Close(saga);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRedriveFailed(logger, ex, JobId, saga.WorkerId, saga.Kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} saga of job {JobId} for worker {WorkerId}: re-drive failed; will retry")]
    private static partial void LogRedriveFailed(ILogger logger, Exception exception, Guid jobId, Guid workerId, SagaKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sagas of job {JobId}: completions not stored at deactivation; they will be driven again")]
    private static partial void LogCompletionsUnsaved(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} saga of job {JobId} for worker {WorkerId}: {Steps} still failing after {Redrives} re-drives; left in dead letters for an operator's replay")]
    private static partial void LogLeftPending(ILogger logger, SagaKind kind, Guid jobId, Guid workerId, string steps, int redrives);
}
