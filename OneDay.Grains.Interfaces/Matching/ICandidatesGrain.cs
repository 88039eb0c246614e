namespace OneDay.Grains.Interfaces.Matching;

/// <summary>
/// A worker who fits a job, with what an employer may see of them: the matching data they chose to publish (skills,
/// languages), how they kept their word, and the same score and explanation the worker sees for the job.
/// </summary>
/// <param name="InvitedAt">When this job's employer invited them; null if not yet.</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.candidate")]
public sealed record Candidate(
    [property: Id(0)] Guid WorkerId,
    [property: Id(1)] double DistanceKm,
    [property: Id(2)] MatchScore Score,
    [property: Id(3)] IReadOnlyList<SkillLevel> Skills,
    [property: Id(4)] IReadOnlyList<string> Languages,
    [property: Id(5)] WorkerReliability Reliability,
    [property: Id(6)] DateTimeOffset? InvitedAt);

[GenerateSerializer, Alias("oneday.matching.candidates-outcome")]
public enum CandidatesOutcome
{
    Ok = 0,
    NotFound = 1,

    /// <summary>Someone other than the job's employer asked.</summary>
    NotOwner = 2,

    /// <summary>The job takes no more workers (filled, started, cancelled or over).</summary>
    Closed = 3,
}

/// <summary>Best first, spread among near-equal scores (see <see cref="CandidateSpread"/>).</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.candidate-list")]
public sealed record CandidateList(
    [property: Id(0)] CandidatesOutcome Outcome,
    [property: Id(1)] IReadOnlyList<Candidate> Items);

/// <summary>
/// The rule that keeps the same few workers from being the only ones ever shown: scores are compared in steps of
/// <see cref="Step"/>, and within a step the order is a hash of the job and the worker, so every job (and every
/// new-job alert) sees the workers of a step in a different order. A worker in a higher step always comes first.
/// </summary>
public static class CandidateSpread
{
    public const double Step = 0.02;
}

/// <summary>
/// Ranks the workers around a job for its employer, from the worker read model (never from workers' grains); a
/// stateless worker, so every matching silo answers.
/// </summary>
[Alias("oneday.matching.ICandidatesGrain")]
public interface ICandidatesGrain : IGrainWithIntegerKey
{
    public const int MaxLimit = 50;

    [Alias("for-job")]
    Task<CandidateList> ForJob(Guid jobId, Guid employerId, int limit);
}
