using Microsoft.Extensions.Logging;
using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs.Saga;

[GenerateSerializer, Alias("oneday.jobs.notifications-state")]
public sealed class JobNotificationsState
{
    [Id(0)] public HashSet<Guid> Seen { get; set; } = [];
    [Id(1)] public List<EmployerNotification> Sent { get; set; } = [];
}

/// <summary>
/// Communication's step of the saga: tells the employer about applicants and confirmed workers. A failed
/// step is logged and left to the saga grain, which re-drives it directly (same envelope, same event id).
/// </summary>
[ImplicitStreamSubscription(Domains.Jobs), DomainPlacement(Domains.Communication)]
public sealed partial class JobNotificationsGrain(
    [PersistentState("job-notifications", Domains.Communication)] IPersistentState<JobNotificationsState> state,
    JobFaultInjection faults,
    ILogger<JobNotificationsGrain> logger) : JobEventSubscriber, IJobNotificationsGrain
{
    public Task Deliver(DomainEvent domainEvent) => HandleAsync(domainEvent);

    public Task<EmployerNotification[]> Sent() => Task.FromResult<EmployerNotification[]>([.. state.State.Sent]);

    protected override async Task OnEventAsync(DomainEvent domainEvent)
    {
        try
        {
            await HandleAsync(domainEvent);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStepFailed(logger, ex, domainEvent.EventId);
        }
    }

    private async Task HandleAsync(DomainEvent domainEvent)
    {
        var (employerId, workerId, kind) = domainEvent.Payload switch
        {
            ApplicationSubmitted e => (e.EmployerId, e.WorkerId, "application-submitted"),
            ApplicationAccepted e => (e.EmployerId, e.WorkerId, "worker-confirmed"),
            _ => (Guid.Empty, Guid.Empty, string.Empty),
        };
        if (kind.Length == 0)
        {
            return;
        }

        if (state.State.Seen.Contains(domainEvent.EventId))
        {
            // Sent before, but the saga may not have heard: tell it again (it is idempotent).
            await ReportAsync(domainEvent, workerId);
            return;
        }

        if (domainEvent.Payload is ApplicationAccepted && faults.Trip(SagaFault.NotifyEmployer, JobId))
        {
            throw new InjectedFaultException("Injected failure notifying the employer.");
        }

        state.State.Seen.Add(domainEvent.EventId);
        state.State.Sent.Add(new EmployerNotification(domainEvent.EventId, employerId, JobId, workerId, kind, DateTimeOffset.UtcNow));
        await state.WriteStateAsync();
        await ReportAsync(domainEvent, workerId);
    }

    private Task ReportAsync(DomainEvent domainEvent, Guid workerId) => domainEvent.Payload is ApplicationAccepted
        ? GrainFactory.GetGrain<IJobSagaGrain>(this.GetPrimaryKeyString()).StepDone(workerId, SagaStep.EmployerNotified)
        : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifying the employer for event {EventId} failed; the saga will retry")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid eventId);
}
