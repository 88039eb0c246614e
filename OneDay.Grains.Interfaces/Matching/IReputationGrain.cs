namespace OneDay.Grains.Interfaces.Matching;

/// <summary>
/// What one user's counterparts have seen of them, kept by matching from job events (key = user id). A worker's feeds
/// their <see cref="WorkerReliability"/>; an employer's is what workers see of them.
/// </summary>
/// <param name="RatingCount">Ratings they received as a worker (from employers).</param>
/// <param name="AcceptedShiftsCancelled">Shifts they cancelled on a worker they had accepted, alone or with the whole job (employers).</param>
/// <param name="ShiftsCompleted">Shifts they worked and the employer (or the platform) confirmed (workers).</param>
/// <param name="NoShows">Accepted shifts they did not turn up for (workers).</param>
/// <param name="EmployerRatingCount">Ratings they received as an employer (from workers).</param>
/// <param name="ShiftsPaidOnTime">Shifts on their jobs that they confirmed themselves, paying the worker (employers).</param>
/// <param name="ShiftsPaidLate">Shifts on their jobs that waited for the platform to confirm them (employers).</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.reputation")]
public sealed record Reputation(
    [property: Id(0)] int RatingCount,
    [property: Id(1)] long StarsTotal,
    [property: Id(2)] int LateCancellations,
    [property: Id(3)] int InvitationsAnswered,
    [property: Id(4)] double ResponseMinutesTotal,
    [property: Id(5)] int AcceptedShiftsCancelled,
    [property: Id(6)] int ShiftsCompleted,
    [property: Id(7)] int NoShows,
    [property: Id(8)] int EmployerRatingCount,
    [property: Id(9)] long EmployerStarsTotal,
    [property: Id(10)] int ShiftsPaidOnTime = 0,
    [property: Id(11)] int ShiftsPaidLate = 0)
{
    /// <summary>Withdrawing from an accepted shift closer to its start than this counts against the worker.</summary>
    public static readonly TimeSpan LateCancellationWindow = TimeSpan.FromHours(24);

    public static Reputation None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public double? AverageRating => RatingCount == 0 ? null : Math.Round((double)StarsTotal / RatingCount, 2);

    public double? AverageEmployerRating => EmployerRatingCount == 0 ? null : Math.Round((double)EmployerStarsTotal / EmployerRatingCount, 2);

    public double? AverageResponseMinutes => InvitationsAnswered == 0 ? null : Math.Round(ResponseMinutesTotal / InvitationsAnswered, 1);
}

/// <summary>The kinds of signal a job event adds to a reputation.</summary>
public enum ReputationSignal
{
    /// <summary>An employer rated them for a shift they worked; the signal's value is the stars.</summary>
    Rated = 0,

    /// <summary>They withdrew from an accepted shift within <see cref="Reputation.LateCancellationWindow"/> of its start.</summary>
    LateCancellation = 1,

    /// <summary>They applied to a job they were invited to; the value is the minutes it took them.</summary>
    InvitationAnswered = 2,

    /// <summary>They cancelled a worker's shift after accepting them, alone or with the whole job.</summary>
    AcceptedShiftCancelled = 3,

    /// <summary>They worked a shift that was confirmed.</summary>
    ShiftCompleted = 4,

    /// <summary>They did not turn up for an accepted shift.</summary>
    NoShow = 5,

    /// <summary>A worker rated them for a job they posted; the signal's value is the stars.</summary>
    RatedAsEmployer = 6,

    /// <summary>They confirmed a shift on their job themselves; the value is the workers it paid.</summary>
    PaidOnTime = 7,

    /// <summary>A shift on their job confirmed itself, nobody having confirmed or disputed it in time; the value is the workers it paid.</summary>
    PaidLate = 8,
}

[Alias("oneday.matching.IReputationGrain")]
public interface IReputationGrain : IGrainWithGuidKey
{
    /// <summary>Adds the signal once per <paramref name="eventId"/>: a redelivered event changes nothing.</summary>
    [Alias("record")]
    Task Record(Guid eventId, ReputationSignal signal, double value);

    /// <summary>Answers even while a signal is being recorded: recording refreshes the worker's entry, which reads this.</summary>
    [Alias("get"), Orleans.Concurrency.AlwaysInterleave]
    Task<Reputation> Get();
}
