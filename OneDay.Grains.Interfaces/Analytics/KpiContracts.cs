namespace OneDay.Grains.Interfaces.Analytics;

/// <summary>The projections of the KPI store, by the key of their projector and verifier grains.</summary>
public static class KpiProjections
{
    /// <summary>
    /// The one every query reads. Its number is the version of how events are read into figures: a build that reads
    /// them differently (a new figure) names a new projection, built from the event store's start, and the projector
    /// of the previous name drops its figures when its reminder next wakes it.
    /// </summary>
    public const string Live = "live-2";
}

[GenerateSerializer, Alias("oneday.analytics.kpi-granularity")]
public enum KpiGranularity
{
    Day,

    /// <summary>ISO weeks, Monday to Sunday (Korea Standard Time).</summary>
    Week,
}

/// <summary>
/// KPIs over whole days of Korea Standard Time, <see cref="From"/> to <see cref="To"/> inclusive. A category or
/// region narrows the job and money figures; active users are counted over the whole marketplace.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.analytics.kpi-query")]
public sealed record KpiQuery(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] DateOnly To,
    [property: Id(2)] KpiGranularity Granularity,
    [property: Id(3)] string? Category,
    [property: Id(4)] string? Region);

/// <summary>One period's figures. Rates and the median are null where nothing was there to divide.</summary>
/// <param name="MedianMinutesToFill">From posting to the last slot filled, estimated from a histogram (within half a bucket).</param>
/// <param name="FillRate">Jobs filled over jobs posted in the period.</param>
/// <param name="NoShowRate">No-shows over no-shows and shifts worked.</param>
/// <param name="EscrowedKrw">Held by acceptances: wages and the platform's fee.</param>
/// <param name="RevenueKrw">The platform's fee on what was settled.</param>
/// <param name="PaidOutKrw">Paid out to workers' bank accounts; payouts belong to no job, so a category or region leaves them out.</param>
/// <param name="FirstReplies">Employers' first replies to applicants in chat.</param>
/// <param name="MedianMinutesToFirstReply">From an applicant's first message to the employer's first reply, estimated like the fill time.</param>
[GenerateSerializer, Immutable, Alias("oneday.analytics.kpi-row")]
public sealed record KpiRow(
    [property: Id(0)] DateOnly PeriodStart,
    [property: Id(1)] long JobsPosted,
    [property: Id(2)] long JobsFilled,
    [property: Id(3)] long JobsCompleted,
    [property: Id(4)] long JobsCancelled,
    [property: Id(5)] long JobsExpired,
    [property: Id(6)] long Applications,
    [property: Id(7)] long AcceptedApplications,
    [property: Id(8)] long ShiftsWorked,
    [property: Id(9)] long NoShows,
    [property: Id(10)] long SettledKrw,
    [property: Id(11)] double? FillRate,
    [property: Id(12)] double? MedianMinutesToFill,
    [property: Id(13)] double? NoShowRate,
    [property: Id(14)] long ActiveWorkers,
    [property: Id(15)] long ActiveEmployers,
    [property: Id(16)] long EscrowedKrw,
    [property: Id(17)] long RevenueKrw,
    [property: Id(18)] long PaidOutKrw,
    [property: Id(19)] long FirstReplies,
    [property: Id(20)] double? MedianMinutesToFirstReply);

/// <param name="ThroughSequence">The last event store sequence the projection has applied.</param>
[GenerateSerializer, Immutable, Alias("oneday.analytics.kpi-report")]
public sealed record KpiReport(
    [property: Id(0)] KpiQuery Query,
    [property: Id(1)] IReadOnlyList<KpiRow> Rows,
    [property: Id(2)] long ThroughSequence);

/// <summary>One employer's funnel over all time: what they posted, who applied, who worked, what it cost.</summary>
[GenerateSerializer, Immutable, Alias("oneday.analytics.employer-funnel")]
public sealed record EmployerFunnel(
    [property: Id(0)] long JobsPosted,
    [property: Id(1)] long Applications,
    [property: Id(2)] long AcceptedApplications,
    [property: Id(3)] long ShiftsWorked,
    [property: Id(4)] long NoShows,
    [property: Id(5)] long SpentKrw,
    [property: Id(6)] long ThroughSequence);

/// <summary>How a replay of the whole event store compares with the live projection.</summary>
/// <param name="Differences">Each period whose figures differ, live first then replayed; empty when they agree.</param>
[GenerateSerializer, Immutable, Alias("oneday.analytics.kpi-verification")]
public sealed record KpiVerification(
    [property: Id(0)] long ThroughSequence,
    [property: Id(1)] int PeriodsCompared,
    [property: Id(2)] IReadOnlyList<string> Differences);

/// <summary>
/// The KPI projection (key "live"): tails the event store in sequence order, a little behind its head so that no
/// append still committing is skipped, and applies each event once to the KPI store together with its position.
/// </summary>
[Alias("oneday.analytics.IKpiProjectorGrain")]
public interface IKpiProjectorGrain : IGrainWithStringKey
{
    /// <summary>Keeps the projection running (its timer, and a reminder that brings it back after a lost silo).</summary>
    [Alias("start")]
    Task Start();

    /// <summary>Applies everything settled in the event store now; answers the sequence reached.</summary>
    [Alias("catch-up")]
    Task<long> CatchUp();

}

[GenerateSerializer, Alias("oneday.analytics.kpi-verification-state")]
public enum KpiVerificationState
{
    /// <summary>None has run since this verifier's activation.</summary>
    Idle,
    Running,
    Done,
    Failed,
}

/// <param name="ThroughSequence">The live projection's position when the run started: the replay stops there.</param>
/// <param name="ReplayedSequence">How far the replay has come.</param>
[GenerateSerializer, Immutable, Alias("oneday.analytics.kpi-verification-status")]
public sealed record KpiVerificationStatus(
    [property: Id(0)] KpiVerificationState State,
    [property: Id(1)] long ThroughSequence,
    [property: Id(2)] long ReplayedSequence,
    [property: Id(3)] KpiVerification? Result,
    [property: Id(4)] string? Error,
    [property: Id(5)] DateTimeOffset? StartedAt,
    [property: Id(6)] DateTimeOffset? FinishedAt);

/// <summary>
/// Replays the event store from its start into a scratch projection, up to the live projection's position, and
/// compares every day and week (key "live"). It reads every event, so it runs in the background, a page group per
/// tick, and answers <see cref="Status"/> meanwhile; a lost silo ends a run, which is then started again.
/// </summary>
[Alias("oneday.analytics.IKpiVerifierGrain")]
public interface IKpiVerifierGrain : IGrainWithStringKey
{
    /// <summary>Starts a run unless one is running; answers its status.</summary>
    [Alias("start")]
    Task<KpiVerificationStatus> Start();

    [Alias("status")]
    Task<KpiVerificationStatus> Status();
}

/// <summary>Reads the KPI store for the gateway (a stateless worker in front of the silo's store).</summary>
[Alias("oneday.analytics.IKpiQueryGrain")]
public interface IKpiQueryGrain : IGrainWithIntegerKey
{
    [Alias("query")]
    Task<KpiReport> Query(KpiQuery query);

    [Alias("employer-funnel")]
    Task<EmployerFunnel> EmployerFunnel(Guid employerId);
}
