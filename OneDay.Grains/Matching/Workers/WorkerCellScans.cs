using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Scoring;

namespace OneDay.Grains.Matching.Workers;

/// <summary>
/// Recent scans of the worker read model's cells. A profile change reaches candidate searches within a second; a
/// longer window would keep more workers prepared, at the cost of showing a busy worker as free for longer.
/// </summary>
internal sealed class WorkerCellScans(IGrainFactory grains, MatchScorer scorer, TimeProvider time)
    : CellScanCache<WorkerCellSnapshot, WorkerCellScan>(TimeSpan.FromSeconds(1), 4 * GeoGrid.MaxCellsPerSearch, time)
{
    protected override Task<WorkerCellSnapshot> SnapshotAsync(string cell) => grains.Reference<IWorkerGeoCellGrain>(cell).Snapshot();

    protected override WorkerCellSnapshot SnapshotOf(WorkerCellScan scan) => scan.Snapshot;

    protected override WorkerCellScan Scan(WorkerCellSnapshot snapshot) => new(snapshot, scorer);
}
