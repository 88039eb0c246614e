using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Matching;

[GenerateSerializer, Alias("oneday.matching.profile-state")]
public sealed class MatchingProfileState
{
    [Id(0)] public MatchingProfile? Profile { get; set; }
    [Id(1)] public long Version { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A worker's matching profile: validated here, so every way in obeys the same rules.</summary>
[DomainPlacement(Domains.Matching)]
public sealed class MatchingProfileGrain(
    [PersistentState("matching-profile", Domains.Matching)] IPersistentState<MatchingProfileState> state,
    TimeProvider time) : Grain, IMatchingProfileGrain
{
    public Task<MatchingProfileView?> Get() => Task.FromResult(View());

    public async Task<MatchingProfileResult> Save(MatchingProfile profile, long? expectedVersion)
    {
        var errors = MatchingProfileRules.Validate(profile);
        if (errors.Count > 0)
        {
            return new MatchingProfileResult(MatchingProfileOutcome.Invalid, null, errors);
        }

        if (expectedVersion is { } expected && expected != state.State.Version)
        {
            return new MatchingProfileResult(MatchingProfileOutcome.VersionMismatch, View(), []);
        }

        state.State.Profile = MatchingProfileRules.Normalize(profile);
        state.State.Version++;
        state.State.UpdatedAt = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage now; the next call reads what was stored.
            DeactivateOnIdle();
            throw;
        }

        return new MatchingProfileResult(MatchingProfileOutcome.Saved, View(), []);
    }

    private MatchingProfileView? View() => state.State.Profile is { } profile
        ? new MatchingProfileView(this.GetPrimaryKey(), profile, state.State.Version, state.State.UpdatedAt)
        : null;
}
