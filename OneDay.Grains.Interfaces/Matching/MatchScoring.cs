using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Interfaces.Matching;

/// <summary>What matching knows of an open job: the read model's entry, fed by job events, never read from the job grain.</summary>
/// <param name="HourlyPayKrw">The pay per hour of the shift (<see cref="JobPay.HourlyKrw"/>).</param>
/// <param name="RequiredSkills">Lower-case skill names.</param>
/// <param name="EmployerRating">The employer's average rating from workers, 1 to 5; null before any.</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.job-features")]
public sealed record JobFeatures(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid EmployerId,
    [property: Id(2)] string Category,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] DateTimeOffset StartsAt,
    [property: Id(5)] DateTimeOffset EndsAt,
    [property: Id(6)] long HourlyPayKrw,
    [property: Id(7)] IReadOnlyList<string> RequiredSkills,
    [property: Id(8)] double? EmployerRating);

/// <summary>One part of a score: its value in [0, 1], its weight, and what it adds (value times weight).</summary>
/// <param name="Explanation">For people: "1.2 km away, within your 5 km".</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.match-factor")]
public sealed record MatchFactor(
    [property: Id(0)] string Name,
    [property: Id(1)] double Value,
    [property: Id(2)] double Weight,
    [property: Id(3)] double Contribution,
    [property: Id(4)] string Explanation);

/// <summary>A job and a worker that pass every hard rule, scored in [0, 1]; the factors' contributions add up to the score.</summary>
/// <param name="Window">The availability window the shift falls in, for people: "fits your Tuesday 09:00-18:00".</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.match-score")]
public sealed record MatchScore(
    [property: Id(0)] double Score,
    [property: Id(1)] IReadOnlyList<MatchFactor> Factors,
    [property: Id(2)] string Window);

/// <summary>The hard rules: a job breaking any of them is never recommended to that worker, nor the worker to it.</summary>
public enum MatchRule
{
    /// <summary>It overlaps a shift the worker is already accepted for.</summary>
    Overlap,

    /// <summary>It is farther from the worker's home than they travel.</summary>
    TooFar,

    /// <summary>It is not inside the worker's weekly availability.</summary>
    Unavailable,

    /// <summary>It pays below the legal minimum wage or the worker's own minimum.</summary>
    PayTooLow,

    /// <summary>The worker or the employer blocked the other.</summary>
    Blocked,
}
