using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Scoring;

namespace OneDay.Grains.Matching.Workers;

/// <summary>
/// The silo's recent scans of the worker read model's cells, shared by every matching grain on it: candidate searches
/// and the new-job alerts of every job posted in an area read its cells once a second between them, once however many
/// miss a cell together (<see cref="CoalescedReads{TValue}"/>), and each worker is prepared for matching once per
/// snapshot, not once per activation. A profile change reaches them within a second. Cells their region does not list
/// (<see cref="IWorkerRegionGrain"/>) are not read at all.
/// </summary>
public sealed class SharedWorkerCells
{
    /// <summary>The cells of several of the widest areas; past it the cache sweeps.</summary>
    private const int Capacity = 8 * GeoGrid.MaxCellsPerSearch;

    /// <summary>How old a cell's scan may be: a profile change reaches candidates and alerts within this.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    private readonly CoalescedReads<WorkerCellScan> _cells;
    private readonly CoalescedReads<IReadOnlySet<string>> _regions;
    private readonly WorkerCellScan _empty;

    public SharedWorkerCells(IGrainFactory grains, JobOptions jobOptions, TimeProvider time)
    {
        var scorer = new MatchScorer(jobOptions.MinimumHourlyWageKrw);
        _empty = new WorkerCellScan(new WorkerCellSnapshot(0, []), scorer);
        _cells = new CoalescedReads<WorkerCellScan>(
            async (cell, last) =>
            {
                var snapshot = await grains.Reference<IWorkerGeoCellGrain>(cell).Snapshot().ConfigureAwait(false);
                // An unchanged cell hands a local caller the same snapshot object, so its prepared workers are kept.
                return last is not null && ReferenceEquals(last.Snapshot, snapshot) ? last : new WorkerCellScan(snapshot, scorer);
            },
            FreshFor,
            Capacity,
            time);
        _regions = new CoalescedReads<IReadOnlySet<string>>(
            async (region, _) => await grains.Reference<IWorkerRegionGrain>(region).Cells().ConfigureAwait(false), FreshFor, Capacity, time);
    }

    /// <returns>The scans of the cover's cells, in the same order.</returns>
    internal async ValueTask<WorkerCellScan[]> GetAsync(GeoCellCover cover)
    {
        // The cells listed by the cover's regions (a search's cells span one to four).
        var occupied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in await _regions.GetAsync(cover.Regions))
        {
            occupied.UnionWith(listed);
        }

        var read = await _cells.GetAsync([.. cover.Cells.Where(occupied.Contains)]);
        var scans = new WorkerCellScan[cover.Cells.Count];
        for (int i = 0, next = 0; i < scans.Length; i++)
        {
            // Nobody has ever lived in an unlisted cell: no cell grain to ask.
            scans[i] = occupied.Contains(cover.Cells[i]) ? read[next++] : _empty;
        }

        return scans;
    }
}
