using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// The silo's recent scans of the job search cells, shared by every search and recommendations grain on it: a cell is
/// read at most once per <see cref="FreshFor"/>, which stays well inside the promise that a change is searchable within
/// a second, and once however many searches miss it together (<see cref="CoalescedReads{TValue}"/>).
/// </summary>
public sealed class SharedJobCells
{
    /// <summary>Enough for the cells of several of the widest searches at once; past it the cache sweeps.</summary>
    public const int Capacity = 8 * GeoGrid.MaxCellsPerSearch;

    public static readonly TimeSpan FreshFor = TimeSpan.FromMilliseconds(250);
    private readonly CoalescedReads<CellScan> _reads;

    public SharedJobCells(IGrainFactory grains, TimeProvider time)
        : this(cell => grains.Reference<IJobGeoCellGrain>(cell).Snapshot(), time)
    {
    }

    internal SharedJobCells(Func<string, Task<CellSnapshot>> fetch, TimeProvider time) =>
        _reads = new CoalescedReads<CellScan>(
            async (cell, last) =>
            {
                var snapshot = await fetch(cell).ConfigureAwait(false);
                // An unchanged cell keeps its scan: a local cell answers the same snapshot object.
                return last is not null && ReferenceEquals(last.Snapshot, snapshot) ? last : new CellScan(snapshot);
            },
            FreshFor,
            Capacity,
            time);

    /// <summary>How many cells are kept now (finished or in flight).</summary>
    public int Count => _reads.Count;

    /// <returns>The scans of <paramref name="cells"/>, in the same order.</returns>
    internal ValueTask<CellScan[]> GetAsync(List<string> cells) => _reads.GetAsync(cells);
}
