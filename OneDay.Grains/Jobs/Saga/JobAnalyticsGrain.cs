using Microsoft.Extensions.Logging;
using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs.Saga;

[GenerateSerializer, Alias("oneday.jobs.analytics-state")]
public sealed class JobAnalyticsState
{
    [Id(0)] public HashSet<Guid> Seen { get; set; } = [];
    [Id(1)] public Dictionary<string, int> EventCounts { get; set; } = [];
    [Id(2)] public int AcceptedApplications { get; set; }
    [Id(3)] public int DuplicatesIgnored { get; set; }
}

/// <summary>Analytics' step of the saga: counts every event of the job once, and the accepted applications.</summary>
[ImplicitStreamSubscription(Domains.Jobs), DomainPlacement(Domains.Analytics)]
public sealed partial class JobAnalyticsGrain(
    [PersistentState("job-analytics", Domains.Analytics)] IPersistentState<JobAnalyticsState> state,
    JobFaultInjection faults,
    ILogger<JobAnalyticsGrain> logger) : JobEventSubscriber, IJobAnalyticsGrain
{
    public Task Deliver(DomainEvent domainEvent) => HandleAsync(domainEvent);

    public Task<JobAnalyticsView> Recorded() => Task.FromResult(new JobAnalyticsView(
        new Dictionary<string, int>(state.State.EventCounts), state.State.AcceptedApplications, state.State.DuplicatesIgnored));

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
        if (state.State.Seen.Contains(domainEvent.EventId))
        {
            state.State.DuplicatesIgnored++;
            await ReportAsync(domainEvent);
            return;
        }

        if (domainEvent.Payload is ApplicationAccepted && faults.Trip(SagaFault.RecordAnalytics, JobId))
        {
            throw new InjectedFaultException("Injected failure recording analytics.");
        }

        state.State.Seen.Add(domainEvent.EventId);
        state.State.EventCounts[domainEvent.Type] = state.State.EventCounts.GetValueOrDefault(domainEvent.Type) + 1;
        if (domainEvent.Payload is ApplicationAccepted)
        {
            state.State.AcceptedApplications++;
        }

        await state.WriteStateAsync();
        await ReportAsync(domainEvent);
    }

    private Task ReportAsync(DomainEvent domainEvent) => domainEvent.Payload is ApplicationAccepted accepted
        ? GrainFactory.GetGrain<IJobSagaGrain>(this.GetPrimaryKeyString()).StepDone(accepted.WorkerId, SagaStep.AnalyticsRecorded)
        : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording analytics for event {EventId} failed; the saga will retry")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid eventId);
}
