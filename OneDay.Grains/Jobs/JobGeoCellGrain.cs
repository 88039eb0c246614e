using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Placement;
using Orleans.Concurrency;
using Orleans.Storage;

namespace OneDay.Grains.Jobs;

[GenerateSerializer, Alias("oneday.jobs.geo-cell-state")]
public sealed class JobGeoCellState
{
    [Id(0)] public Dictionary<Guid, JobSearchEntry> Entries { get; set; } = [];
    /// <summary>Version and time of each recent removal, so a late, older upsert cannot resurrect the job.</summary>
    [Id(1)] public Dictionary<Guid, CellTombstone> Removed { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.cell-tombstone")]
public sealed record CellTombstone([property: Id(0)] long Version, [property: Id(1)] DateTimeOffset RemovedAt);

/// <summary>
/// The search read model for one grid cell, written only by job grains (each the single writer of its
/// own entry, ordered by the job's version) and read by the search grains as immutable snapshots.
/// </summary>
/// <remarks>
/// Reentrant so that a burst of postings in a crowded cell shares state writes (a write stores the whole
/// cell): every method changes the state synchronously, before its only await.
/// </remarks>
[Reentrant, DomainPlacement(Domains.Jobs)]
public sealed class JobGeoCellGrain : Grain, IJobGeoCellGrain
{
    // A stale upsert can only come from a job activation that has since been replaced, within seconds;
    // tombstones older than this protect nothing and would only grow the cell's state.
    private static readonly TimeSpan TombstoneLifetime = TimeSpan.FromMinutes(10);
    /// <summary>How long an empty cell stays after its last read (and at most twice that).</summary>
    private static readonly TimeSpan EmptyLinger = TimeSpan.FromSeconds(2);
    private readonly IPersistentState<JobGeoCellState> _state;
    private readonly TurnGroupCommit _writer;
    // The host's clock, not JobClock: tombstones age with the activations they guard against, and the tests'
    // jumps in job time would expire them early.
    private readonly TimeProvider _time;
    private CellSnapshot? _snapshot;
    private long _revision;
    private long _readAt;
    private IGrainTimer? _leaveWhenUnread;

    public JobGeoCellGrain([PersistentState("geo-cell", Domains.Jobs)] IPersistentState<JobGeoCellState> state, TimeProvider time)
    {
        _state = state;
        _time = time;
        _writer = new TurnGroupCommit(state.WriteStateAsync);
    }

    public async Task Upsert(JobSearchEntry entry)
    {
        var known = _state.State.Entries.TryGetValue(entry.JobId, out var current) ? current.Version
            : _state.State.Removed.TryGetValue(entry.JobId, out var tombstone) ? tombstone.Version : -1;
        if (entry.Version <= known)
        {
            return;
        }

        _state.State.Removed.Remove(entry.JobId);
        _state.State.Entries[entry.JobId] = entry;
        await ChangedAsync();
    }

    public async Task Remove(Guid jobId, long version)
    {
        if (_state.State.Entries.TryGetValue(jobId, out var current) && current.Version <= version)
        {
            _state.State.Entries.Remove(jobId);
            _state.State.Removed[jobId] = new CellTombstone(version, _time.GetUtcNow());
            await ChangedAsync();
        }
    }

    public Task<CellSnapshot> Snapshot()
    {
        if (_state.State.Entries.Count == 0)
        {
            // A search anywhere on earth reads the cells there, most of them empty: an empty cell leaves memory soon
            // after its last read instead of staying for every place anyone searched. Not at once: the edge of a busy
            // area is read by every search there, and left at once each such cell came back, a storage read and a
            // directory registration, in every window of the silos' cell caches (bench/results/faults-soak.md).
            _readAt = _time.GetTimestamp();
            _leaveWhenUnread ??= this.RegisterGrainTimer(LeaveIfUnreadAsync, EmptyLinger, EmptyLinger);
        }

        return Task.FromResult(_snapshot ??= CellSnapshot.Create(_revision, _state.State.Entries.Values));
    }

    private Task LeaveIfUnreadAsync()
    {
        if (_state.State.Entries.Count > 0)
        {
            _leaveWhenUnread?.Dispose();
            _leaveWhenUnread = null;
        }
        else if (_time.GetElapsedTime(_readAt) >= EmptyLinger)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    private async Task ChangedAsync()
    {
        var expired = _time.GetUtcNow() - TombstoneLifetime;
        foreach (var old in _state.State.Removed.Where(r => r.Value.RemovedAt < expired).Select(r => r.Key).ToList())
        {
            _state.State.Removed.Remove(old);
        }

        _revision++;
        _snapshot = null;
        try
        {
            await _writer.WriteAsync();
        }
        catch (InconsistentStateException)
        {
            // Another activation of this cell wrote (two live briefly while a silo hands over): this one's entries
            // are stale, so it leaves, and the caller's retry reaches a fresh activation that reads what was stored.
            DeactivateOnIdle();
            throw;
        }
    }
}
