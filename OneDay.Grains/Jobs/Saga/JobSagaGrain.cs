using Microsoft.Extensions.Logging;
using OneDay.Grains.Infrastructure;
using OneDay.Grains.Infrastructure.Events;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using OneDay.Grains.Interfaces.Jobs;

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
    /// <summary>The acceptance event, kept to re-drive the communication and analytics steps.</summary>
    [Id(7)] public DomainEvent? Accepted { get; set; }
}

[GenerateSerializer, Alias("oneday.jobs.saga-state")]
public sealed class JobSagaState : ConsumerState
{
    [Id(0)] public Dictionary<Guid, SagaRecord> Sagas { get; set; } = [];
}

/// <summary>
/// Persisted state of every application saga of one job. Steps 1-2 run in the job grain (durable in its
/// state); this grain learns of them from the job's stream, hears from steps 3-4, and while a saga is
/// unfinished it wakes up (timer, and a reminder that survives a silo crash) to re-drive the stuck step.
/// After <see cref="JobOptions.SagaMaxRedrives"/> it compensates: the job rejects the application, releasing the slot
/// and the worker's schedule.
/// </summary>
[ImplicitStreamSubscription(Domains.Jobs), DomainPlacement(Domains.Jobs)]
public sealed partial class JobSagaGrain(
    [PersistentState("job-saga", Domains.Jobs)] IPersistentState<JobSagaState> state,
    JobOptions options,
    ILogger<JobSagaGrain> logger) : IdempotentConsumerGrain<JobSagaState>(state), IJobSagaGrain, IRemindable
{
    private const string WatchReminder = "saga-watch";
    private IGrainTimer? _timer;

    private Guid JobId => Guid.Parse(this.GetPrimaryKeyString());

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        EnsureWatching();
        return Task.CompletedTask;
    }

    public async Task StepDone(Guid workerId, SagaStep step)
    {
        if (State.Sagas.TryGetValue(workerId, out var saga) && saga.Status == SagaStatus.Running && saga.Done.Add(step))
        {
            Advance(saga);
            await WriteStateAsync();
        }
    }

    public Task<SagaView[]> Sagas() => Task.FromResult(State.Sagas.Values.Select(s => new SagaView(
        JobId, s.WorkerId, s.Status, [.. s.Done.Order()], s.Redrives, s.CompensationReason, s.StartedAt, s.UpdatedAt)).ToArray());

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => CheckAsync();

    protected override bool Accepts(DomainEvent domainEvent) =>
        domainEvent.Payload is ApplicationAccepting or ApplicationAccepted or ApplicationRejected;

    protected override async Task HandleAsync(DomainEvent domainEvent)
    {
        switch (domainEvent.Payload)
        {
            case ApplicationAccepting e:
                // A new acceptance starts a new saga, even for a worker whose earlier one ended.
                State.Sagas[e.WorkerId] = new SagaRecord
                {
                    WorkerId = e.WorkerId,
                    Status = SagaStatus.Running,
                    Done = [SagaStep.SlotHeld],
                    StartedAt = Now,
                    UpdatedAt = Now,
                };
                break;
            case ApplicationAccepted e when Running(e.WorkerId) is { } saga:
                saga.Done.Add(SagaStep.ScheduleReserved);
                saga.Accepted = domainEvent;
                Advance(saga);
                break;
            case ApplicationRejected e when Running(e.WorkerId) is { } saga:
                saga.Status = SagaStatus.Compensated;
                saga.CompensationReason = e.Reason;
                saga.UpdatedAt = Now;
                break;
            default:
                break;
        }

        // Before the base writes the state: a running saga is never stored without the reminder that
        // resumes it after a crash. A reminder with nothing left to watch removes itself.
        EnsureWatching();
        if (State.Sagas.Values.Any(s => s.Status == SagaStatus.Running))
        {
            await this.RegisterOrUpdateReminder(WatchReminder, options.SagaReminderPeriod, options.SagaReminderPeriod);
        }
    }

    private SagaRecord? Running(Guid workerId) =>
        State.Sagas.TryGetValue(workerId, out var saga) && saga.Status == SagaStatus.Running ? saga : null;

    private static void Advance(SagaRecord saga)
    {
        saga.UpdatedAt = Now;
        if (saga.Done.Count == Enum.GetValues<SagaStep>().Length)
        {
            saga.Status = SagaStatus.Completed;
        }
    }

    private void EnsureWatching()
    {
        if (_timer is null && State.Sagas.Values.Any(s => s.Status == SagaStatus.Running))
        {
            var period = options.SagaStepTimeout / 2;
            _timer = this.RegisterGrainTimer(CheckAsync, period, period);
        }
    }

    /// <summary>Re-drives every saga whose current step has been waiting longer than the step timeout.</summary>
    private async Task CheckAsync()
    {
        var now = Now;
        var changed = false;
        foreach (var saga in State.Sagas.Values.Where(s => s.Status == SagaStatus.Running && now - s.UpdatedAt >= options.SagaStepTimeout).ToList())
        {
            changed = true;
            saga.UpdatedAt = now;
            if (saga.Redrives >= options.SagaMaxRedrives)
            {
                await CompensateAsync(saga);
                continue;
            }

            saga.Redrives++;
            try
            {
                await RedriveAsync(saga);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogRedriveFailed(logger, ex, JobId, saga.WorkerId);
            }
        }

        if (changed)
        {
            await WriteStateAsync();
        }

        if (!State.Sagas.Values.Any(s => s.Status == SagaStatus.Running))
        {
            _timer?.Dispose();
            _timer = null;
            if (await this.GetReminder(WatchReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    private async Task RedriveAsync(SagaRecord saga)
    {
        if (!saga.Done.Contains(SagaStep.ScheduleReserved))
        {
            // The job resumes its held slot: reserves the schedule again (idempotent) or compensates on conflict.
            await GrainFactory.GetGrain<IJobGrain>(JobId).Tick();
            return;
        }

        var accepted = saga.Accepted!;
        if (!saga.Done.Contains(SagaStep.EmployerNotified))
        {
            await GrainFactory.GetGrain<IJobNotificationsGrain>(this.GetPrimaryKeyString()).Deliver(accepted);
        }

        if (!saga.Done.Contains(SagaStep.AnalyticsRecorded))
        {
            await GrainFactory.GetGrain<IJobAnalyticsGrain>(this.GetPrimaryKeyString()).Deliver(accepted);
        }
    }

    private async Task CompensateAsync(SagaRecord saga)
    {
        var missing = Enum.GetValues<SagaStep>().First(step => !saga.Done.Contains(step));
        var reason = "saga-failed:" + missing switch
        {
            SagaStep.ScheduleReserved => "schedule",
            SagaStep.EmployerNotified => "employer-notification",
            _ => "analytics",
        };
        try
        {
            await GrainFactory.GetGrain<IJobGrain>(JobId).Compensate(saga.WorkerId, reason);
            // The job's ApplicationRejected event closes the saga too; this keeps it closed if that event is late.
            saga.Status = SagaStatus.Compensated;
            saga.CompensationReason = reason;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRedriveFailed(logger, ex, JobId, saga.WorkerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga of job {JobId} for worker {WorkerId}: re-drive failed; will retry")]
    private static partial void LogRedriveFailed(ILogger logger, Exception exception, Guid jobId, Guid workerId);
}
