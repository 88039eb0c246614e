using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// A stateless worker's recent cell scans: a snapshot is reused for a short while, so a hot area costs one cell call
/// per window instead of one per read, and the window stays well inside the promise that a change is searchable within
/// a second. Used by searches and by matching's recommendations, one instance per activation (not thread-safe).
/// </summary>
/// <remarks>The cache ages on the host's clock: job time stands still in the tests unless they move it.</remarks>
internal sealed class CellScans(IGrainFactory grains, TimeProvider time)
{
    /// <summary>Enough for the cells of several of the widest searches at once.</summary>
    public const int MaxCachedCells = 8 * GeoGrid.MaxCellsPerSearch;

    private static readonly TimeSpan CacheFor = TimeSpan.FromMilliseconds(250);
    private readonly RecentReads<CellScan> _cells = new(MaxCachedCells, (long)(CacheFor.TotalSeconds * time.TimestampFrequency));

    /// <returns>The scans of <paramref name="cells"/>, in the same order.</returns>
    public ValueTask<CellScan[]> GetAsync(List<string> cells)
    {
        var now = time.GetTimestamp();
        var snapshots = new CellScan[cells.Count];
        List<Task>? fetches = null;
        for (var i = 0; i < cells.Count; i++)
        {
            if (_cells.TryGetFresh(cells[i], now, out var cached))
            {
                snapshots[i] = cached;
            }
            else
            {
                (fetches ??= []).Add(FetchAsync(cells[i], now, snapshots, i));
            }
        }

        // A warm area answers without a single await.
        return fetches is null ? ValueTask.FromResult(snapshots) : new ValueTask<CellScan[]>(AwaitAll(fetches, snapshots));

        static async Task<CellScan[]> AwaitAll(List<Task> fetches, CellScan[] snapshots)
        {
            await Task.WhenAll(fetches);
            return snapshots;
        }
    }

    private async Task FetchAsync(string cell, long now, CellScan[] into, int index)
    {
        var snapshot = await grains.Reference<IJobGeoCellGrain>(cell).Snapshot();
        // An unchanged cell hands a local caller the same snapshot object, so its keys are reused.
        var scan = _cells.Last(cell) is { } cached && ReferenceEquals(cached.Snapshot, snapshot)
            ? cached
            : new CellScan(snapshot);
        _cells.Put(cell, scan, now);
        into[index] = scan;
    }
}
