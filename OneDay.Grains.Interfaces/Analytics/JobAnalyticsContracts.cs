using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Interfaces.Analytics;

/// <summary>What analytics recorded for one job; DuplicatesIgnored counts redeliveries skipped by the current activation.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.analytics-view")]
public sealed record JobAnalyticsView(
    [property: Id(0)] Dictionary<string, int> EventCounts,
    [property: Id(1)] int AcceptedApplications,
    [property: Id(2)] int DuplicatesIgnored);

/// <summary>Analytics' side of the saga for one job (key = job id string): what it recorded from the job's events.</summary>
[Alias("oneday.jobs.IJobAnalyticsGrain")]
public interface IJobAnalyticsGrain : IJobSagaStep
{
    [Alias("recorded")]
    Task<JobAnalyticsView> Recorded();
}
