using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Matching.Workers;

[GenerateSerializer, Alias("oneday.matching.worker-cell-state")]
public sealed class WorkerGeoCellState
{
    [Id(0)] public Dictionary<Guid, WorkerIndexEntry> Entries { get; set; } = [];

    /// <summary>The version each worker who moved away left at, so a late, older upsert cannot bring them back.</summary>
    [Id(1)] public Dictionary<Guid, long> Removed { get; set; } = [];
}

/// <summary>
/// The workers whose home is in one grid cell: the worker read model that candidate searches and new-job alerts read.
/// Each worker's profile grain is the single writer of its entry, ordered by the entry's version.
/// </summary>
/// <remarks>
/// Reentrant so that a burst of changes in a crowded cell shares state writes: every method changes the state
/// synchronously, before its only await.
/// </remarks>
[Reentrant, DomainPlacement(Domains.Matching)]
public sealed class WorkerGeoCellGrain : Grain, IWorkerGeoCellGrain
{
    /// <summary>Removals remembered; past this the oldest are forgotten (a stale upsert arrives within seconds).</summary>
    private const int MaxRemembered = 1024;

    private readonly IPersistentState<WorkerGeoCellState> _state;
    private readonly TurnGroupCommit _writer;
    private WorkerCellSnapshot? _snapshot;
    private long _revision;

    public WorkerGeoCellGrain([PersistentState("worker-cell", Domains.Matching)] IPersistentState<WorkerGeoCellState> state)
    {
        _state = state;
        _writer = new TurnGroupCommit(state.WriteStateAsync);
    }

    public Task Upsert(WorkerIndexEntry entry)
    {
        var known = _state.State.Entries.TryGetValue(entry.WorkerId, out var current) ? current.Version
            : _state.State.Removed.GetValueOrDefault(entry.WorkerId, -1);
        if (entry.Version <= known)
        {
            return Task.CompletedTask;
        }

        _state.State.Removed.Remove(entry.WorkerId);
        _state.State.Entries[entry.WorkerId] = entry;
        return ChangedAsync();
    }

    public Task Remove(Guid workerId, long version)
    {
        if (!_state.State.Entries.TryGetValue(workerId, out var current) || current.Version > version)
        {
            return Task.CompletedTask;
        }

        _state.State.Entries.Remove(workerId);
        if (_state.State.Removed.Count >= MaxRemembered)
        {
            _state.State.Removed.Remove(_state.State.Removed.MinBy(r => r.Value).Key);
        }

        _state.State.Removed[workerId] = version;
        return ChangedAsync();
    }

    /// <remarks>
    /// An empty cell stays active like any other (unlike an empty job cell): searches come from where jobs are posted,
    /// a bounded set of places, and every job posted there reads all the cells around it, so letting the empty ones go
    /// would cost a storage read for each of them with every new job.
    /// </remarks>
    public Task<WorkerCellSnapshot> Snapshot()
    {
        // Farthest-travelling first: a search reading a distant cell stops at the first worker who would not come that far.
        return Task.FromResult(_snapshot ??= new WorkerCellSnapshot(
            _revision, [.. _state.State.Entries.Values.OrderByDescending(e => e.Profile.MaxTravelKm).ThenBy(e => e.WorkerId)]));
    }

    private Task ChangedAsync()
    {
        _revision++;
        _snapshot = null;
        return _writer.WriteAsync();
    }
}
