namespace OneDay.Grains.Interfaces.Matching;

/// <summary>A worker's matching profile (key = the worker's user id), on the matching silos.</summary>
[Alias("oneday.matching.IMatchingProfileGrain")]
public interface IMatchingProfileGrain : IGrainWithGuidKey
{
    /// <summary>Null until the worker saved one.</summary>
    [Alias("get")]
    Task<MatchingProfileView?> Get();

    /// <summary>Validates and stores the whole profile; with <paramref name="expectedVersion"/>, only over that version.</summary>
    [Alias("save")]
    Task<MatchingProfileResult> Save(MatchingProfile profile, long? expectedVersion);

    /// <summary>
    /// Rebuilds the worker's entry in the worker read model from their schedule, blocks and reputation: called whenever
    /// one of those changed. Does nothing for a user without a profile.
    /// </summary>
    [Alias("refresh")]
    Task Refresh();

    /// <summary>The hard rules the job breaks for the worker now (their shifts and blocks read afresh); null without a profile.</summary>
    [Alias("rules-broken-by")]
    Task<IReadOnlyList<MatchRule>?> RulesBrokenBy(JobFeatures job);

    /// <summary>Forgets the profile and takes the worker out of the read model, on the user's erasure.</summary>
    [Alias("erase")]
    Task Erase();
}
