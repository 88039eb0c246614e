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
}
