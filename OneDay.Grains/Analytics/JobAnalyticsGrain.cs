using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;
using OneDay.Grains.Jobs.Saga;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Analytics;

[GenerateSerializer, Alias("oneday.jobs.analytics-state")]
public sealed class JobAnalyticsState : ConsumerState
{
    [Id(0)] public Dictionary<string, int> EventCounts { get; set; } = [];
    [Id(1)] public int AcceptedApplications { get; set; }
}

/// <summary>Analytics' step of the saga: counts every event of the job once, and the accepted applications.</summary>
[ImplicitStreamSubscription(JobStreams.Lifecycle), ImplicitStreamSubscription(JobStreams.Applications), DomainPlacement(Domains.Analytics)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class JobAnalyticsGrain(
    [PersistentState("job-analytics", Domains.Analytics)] IPersistentState<JobAnalyticsState> state,
    ISagaFaultHook faults,
    ILogger<JobAnalyticsGrain> logger)
    : JobSagaStepGrain<JobAnalyticsState>(state, SagaStep.AnalyticsRecorded, faults, logger),
      IJobAnalyticsGrain
{
    public Task<JobAnalyticsView> Recorded() => Task.FromResult(new JobAnalyticsView(
        new Dictionary<string, int>(State.EventCounts), State.AcceptedApplications, (int)Math.Min(DuplicatesSkipped, int.MaxValue)));

    protected override Task ApplyAsync(DomainEvent domainEvent)
    {
        State.EventCounts[domainEvent.Type] = State.EventCounts.GetValueOrDefault(domainEvent.Type) + 1;
        if (domainEvent.Payload is ApplicationAccepted)
        {
            State.AcceptedApplications++;
        }

        return Task.CompletedTask;
    }
}
