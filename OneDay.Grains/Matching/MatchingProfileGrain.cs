using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Scoring;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Matching;

[GenerateSerializer, Alias("oneday.matching.profile-state")]
public sealed class MatchingProfileState
{
    [Id(0)] public MatchingProfile? Profile { get; set; }
    [Id(1)] public long Version { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The worker read model's cell holding the worker's entry (their home's).</summary>
    [Id(3)] public string? IndexedCell { get; set; }

    /// <summary>A cell the worker moved away from, until their entry there is removed.</summary>
    [Id(4)] public string? StaleCell { get; set; }
}

/// <summary>
/// A worker's matching profile: validated here, so every way in obeys the same rules. It is the single writer of the
/// worker's entry in the worker read model, which it rebuilds on every change of the profile and whenever job events
/// change the worker's shifts, blocks or reputation (<see cref="Refresh"/>).
/// </summary>
[DomainPlacement(Domains.Matching), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed partial class MatchingProfileGrain(
    [PersistentState("matching-profile", Domains.Matching)] IPersistentState<MatchingProfileState> state,
    JobClock clock,
    JobOptions jobOptions,
    TimeProvider time,
    ILogger<MatchingProfileGrain> logger) : Grain, IMatchingProfileGrain
{
    private static readonly TimeSpan SyncRetry = TimeSpan.FromSeconds(5);
    private long _lastIndexVersion;
    private IGrainTimer? _syncRetry;

    private Guid WorkerId => this.GetPrimaryKey();

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

        var normalized = MatchingProfileRules.Normalize(profile);
        var cell = GeoGrid.CellOf(normalized.Home.Latitude, normalized.Home.Longitude);
        if (state.State.IndexedCell is { } previous && previous != cell)
        {
            state.State.StaleCell = previous;
        }

        state.State.Profile = normalized;
        state.State.IndexedCell = cell;
        state.State.Version++;
        state.State.UpdatedAt = time.GetUtcNow();
        await WriteAsync();
        try
        {
            await SyncIndexAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The profile is saved; its entry follows as soon as the read model takes it.
            LogSyncFailed(logger, ex, WorkerId);
            _syncRetry ??= this.RegisterGrainTimer(RetrySyncAsync, SyncRetry, SyncRetry);
        }

        return new MatchingProfileResult(MatchingProfileOutcome.Saved, View(), []);
    }

    public Task Refresh() => state.State.Profile is null ? Task.CompletedTask : SyncIndexAsync();

    public async Task<IReadOnlyList<MatchRule>?> RulesBrokenBy(JobFeatures job)
    {
        if (state.State.Profile is not { } profile)
        {
            return null;
        }

        var (schedule, blocks) = await ReadShiftsAndBlocksAsync();
        var context = MatchContext.Of(schedule.Shifts, blocks);
        return new MatchScorer(jobOptions.MinimumHourlyWageKrw).Broken(profile, new WeeklyAvailability(profile.Availability), job, context);
    }

    public async Task Erase()
    {
        foreach (var cell in new[] { state.State.StaleCell, state.State.IndexedCell }.OfType<string>().Distinct())
        {
            await Cell(cell).Remove(WorkerId, NextIndexVersion());
        }

        if (state.State.Profile is not null || state.State.IndexedCell is not null)
        {
            await state.ClearStateAsync();
        }
    }

    private async Task RetrySyncAsync(CancellationToken cancellation)
    {
        await SyncIndexAsync();
        _syncRetry?.Dispose();
        _syncRetry = null;
    }

    private async Task SyncIndexAsync()
    {
        if (state.State.Profile is not { } profile || state.State.IndexedCell is not { } cell)
        {
            return;
        }

        var reputationCall = GrainFactory.Reference<IReputationGrain>(WorkerId).Get();
        var (schedule, blocks) = await ReadShiftsAndBlocksAsync();
        var reputation = await reputationCall;
        var now = clock.UtcNow;
        var entry = new WorkerIndexEntry(
            WorkerId,
            NextIndexVersion(),
            profile,
            [.. schedule.Shifts.Where(s => s.EndsAt > now)],
            [.. blocks],
            new WorkerReliability(
                reputation.ShiftsCompleted, reputation.NoShows, reputation.LateCancellations, reputation.RatingCount,
                reputation.AverageRating, reputation.InvitationsAnswered, reputation.AverageResponseMinutes));
        // The new cell first: it moves the worker's one row there, so the old cell's removal only drops its copy in
        // memory (the other way round, the removal's tombstone would refuse the entry, which has the same version).
        await Cell(cell).Upsert(entry);
        if (state.State.StaleCell is { } stale && stale != cell)
        {
            await Cell(stale).Remove(WorkerId, entry.Version);
            // Left in storage until the next write; removing it again from there is harmless.
            state.State.StaleCell = null;
        }
    }

    private async Task<(WorkerScheduleView Schedule, HashSet<Guid> Blocked)> ReadShiftsAndBlocksAsync()
    {
        var scheduleCall = GrainFactory.Reference<IWorkerScheduleGrain>(WorkerId).Get();
        var blocks = await GrainFactory.Reference<IUserBlocksGrain>(WorkerId).Blocks();
        return (await scheduleCall, [.. blocks.Either]);
    }

    /// <summary>Rising across activations too: the host's clock, nudged past the last one this activation gave.</summary>
    private long NextIndexVersion() => _lastIndexVersion = Math.Max(_lastIndexVersion + 1, time.GetUtcNow().UtcTicks);

    private IWorkerGeoCellGrain Cell(string cell) => GrainFactory.Reference<IWorkerGeoCellGrain>(cell);

    private async Task WriteAsync()
    {
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
    }

    private MatchingProfileView? View() => state.State.Profile is { } profile
        ? new MatchingProfileView(WorkerId, profile, state.State.Version, state.State.UpdatedAt)
        : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {WorkerId}'s read-model entry was not updated; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, Guid workerId);
}
