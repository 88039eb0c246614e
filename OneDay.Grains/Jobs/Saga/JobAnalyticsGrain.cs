using Microsoft.Extensions.Logging;
using OneDay.Grains.Infrastructure;
using OneDay.Grains.Infrastructure.Events;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs.Saga;

[GenerateSerializer, Alias("oneday.jobs.analytics-state")]
public sealed class JobAnalyticsState : ConsumerState
{
    [Id(0)] public Dictionary<string, int> EventCounts { get; set; } = [];
    [Id(1)] public int AcceptedApplications { get; set; }
}

/// <summary>Analytics' step of the saga: counts every event of the job once, and the accepted applications.</summary>
[ImplicitStreamSubscription(Domains.Jobs), DomainPlacement(Domains.Analytics)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class JobAnalyticsGrain(
    [PersistentState("job-analytics", Domains.Analytics)] IPersistentState<JobAnalyticsState> state,
    JobFaultInjection faults,
    ILogger<JobAnalyticsGrain> logger)
    : JobSagaStepGrain<JobAnalyticsState>(state, SagaStep.AnalyticsRecorded, faults, SagaFault.RecordAnalytics, logger),
      IJobAnalyticsGrain
{
    public Task<JobAnalyticsView> Recorded() => Task.FromResult(new JobAnalyticsView(
        new Dictionary<string, int>(State.EventCounts), State.AcceptedApplications, (int)Math.Min(DuplicatesSkipped, int.MaxValue)));

    protected override void Apply(DomainEvent domainEvent)
    {
        State.EventCounts[domainEvent.Type] = State.EventCounts.GetValueOrDefault(domainEvent.Type) + 1;
        if (domainEvent.Payload is ApplicationAccepted)
        {
            State.AcceptedApplications++;
        }
    }
}
