using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Matching.Workers;

/// <summary>
/// The workers whose home is in one grid cell: the worker read model that candidate searches and new-job alerts read.
/// Each worker's profile grain is the single writer of its entry, ordered by the entry's version; each change is one
/// row of <see cref="IWorkerIndexStore"/>, stored before it is acknowledged, and the cell keeps all its rows in memory.
/// </summary>
/// <remarks>
/// Reentrant: writes for different workers go to the store side by side, and every change to memory happens after
/// the store took it, with the version compared again, so interleaved changes for one worker keep the newest.
/// An empty cell stays active like any other (unlike an empty job cell): searches come from where jobs are posted,
/// a bounded set of places, and every job posted there reads all the cells around it, so letting the empty ones go
/// would cost a store read for each of them with every new job.
/// </remarks>
[Reentrant, DomainPlacement(Domains.Matching)]
public sealed class WorkerGeoCellGrain(IWorkerIndexStore store) : Grain, IWorkerGeoCellGrain
{
    private readonly Dictionary<Guid, WorkerIndexEntry> _entries = [];
    private WorkerCellSnapshot? _snapshot;
    private long _revision;
    private Task? _listed;

    private string Cell => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in await store.ReadCellAsync(Cell, cancellationToken))
        {
            _entries[entry.WorkerId] = entry;
        }

        if (_entries.Count > 0)
        {
            // Rows stored before regions were kept are listed when their cell is next read or written.
            await ListedAsync();
        }
    }

    public async Task Upsert(WorkerIndexEntry entry)
    {
        if (_entries.TryGetValue(entry.WorkerId, out var known) && known.Version >= entry.Version)
        {
            return;
        }

        // Listed in its region before the first worker is stored, so no search that reads the region misses it.
        await ListedAsync();
        if (await store.UpsertAsync(Cell, entry)
            && !(_entries.TryGetValue(entry.WorkerId, out var current) && current.Version >= entry.Version))
        {
            _entries[entry.WorkerId] = entry;
            Changed();
        }
    }

    public async Task Remove(Guid workerId, long version)
    {
        if (!_entries.TryGetValue(workerId, out var known) || known.Version > version)
        {
            return;
        }

        await store.RemoveAsync(Cell, workerId, version);
        if (_entries.TryGetValue(workerId, out var current) && current.Version <= version)
        {
            _entries.Remove(workerId);
            Changed();
        }
    }

    public Task<WorkerCellSnapshot> Snapshot() =>
        // Farthest-travelling first: a search reading a distant cell stops at the first worker who would not come that far.
        Task.FromResult(_snapshot ??= new WorkerCellSnapshot(
            _revision, [.. _entries.Values.OrderByDescending(e => e.Profile.MaxTravelKm).ThenBy(e => e.WorkerId)]));

    private Task ListedAsync()
    {
        if (_listed is { IsCompletedSuccessfully: false, IsCompleted: true })
        {
            _listed = null;
        }

        return _listed ??= GrainFactory.Reference<IWorkerRegionGrain>(GeoGrid.RegionOf(Cell)).Occupied(Cell);
    }

    private void Changed()
    {
        _revision++;
        _snapshot = null;
    }
}
