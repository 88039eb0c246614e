using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Interfaces.Matching;

/// <summary>An open job recommended to a worker: where it is from their home, and why it ranks where it does.</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.recommendation")]
public sealed record Recommendation(
    [property: Id(0)] JobSearchEntry Job,
    [property: Id(1)] double DistanceKm,
    [property: Id(2)] MatchScore Score,
    [property: Id(3)] EmployerRecord Employer);

/// <summary>Best first; <paramref name="HasProfile"/> false when the worker has not saved a matching profile.</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.recommendations")]
public sealed record Recommendations(
    [property: Id(0)] bool HasProfile,
    [property: Id(1)] IReadOnlyList<Recommendation> Items);

/// <summary>
/// Ranks the open jobs around a worker's home for them, from the jobs' geo-cell read model (never from job grains);
/// a stateless worker, so every matching silo answers.
/// </summary>
[Alias("oneday.matching.IRecommendationsGrain")]
public interface IRecommendationsGrain : IGrainWithIntegerKey
{
    public const int MaxLimit = 50;

    [Alias("for-worker")]
    Task<Recommendations> ForWorker(Guid workerId, int limit);
}
