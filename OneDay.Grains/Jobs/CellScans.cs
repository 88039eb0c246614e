using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// Recent scans of the jobs' geo cells, for searches and for matching's recommendations. The window stays well inside
/// the promise that a change is searchable within a second.
/// </summary>
internal sealed class CellScans(IGrainFactory grains, TimeProvider time)
    : CellScanCache<CellSnapshot, CellScan>(TimeSpan.FromMilliseconds(250), MaxCachedCells, time)
{
    /// <summary>Enough for the cells of several of the widest searches at once.</summary>
    public const int MaxCachedCells = 8 * GeoGrid.MaxCellsPerSearch;

    protected override Task<CellSnapshot> SnapshotAsync(string cell) => grains.Reference<IJobGeoCellGrain>(cell).Snapshot();

    protected override CellSnapshot SnapshotOf(CellScan scan) => scan.Snapshot;

    protected override CellScan Scan(CellSnapshot snapshot) => new(snapshot);
}
