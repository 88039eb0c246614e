using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// The silo's recent scans of the job search cells, shared by every search and recommendations grain on it. A scan is
/// reused for a short while, so a hot area costs one cell call per window instead of one per read, and the window stays
/// well inside the promise that a change is searchable within a second. A cell is fetched once however many grains
/// miss it at the same moment: a silo that has just restarted meets a queue of searches over the same cold cells, and
/// when each fetched every cell itself the silo spent itself on that herd (bench/results/faults-soak.md).
/// </summary>
/// <remarks>
/// Safe for concurrent use. A fetch continues on the thread pool, not in the grain that started it, since grains on
/// other activations may be waiting on it. A failed fetch is not kept: the next reader asks the cell again. The cache
/// ages on the host's clock: job time stands still in the tests unless they move it.
/// </remarks>
public sealed class SharedJobCells
{
    /// <summary>Enough for the cells of several of the widest searches at once; past it the cache sweeps.</summary>
    public const int Capacity = 8 * GeoGrid.MaxCellsPerSearch;

    public static readonly TimeSpan FreshFor = TimeSpan.FromMilliseconds(250);
    private readonly Func<string, Task<CellSnapshot>> _fetch;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Read> _reads = new(StringComparer.Ordinal);

    public SharedJobCells(IGrainFactory grains, TimeProvider time)
        : this(cell => grains.Reference<IJobGeoCellGrain>(cell).Snapshot(), time)
    {
    }

    internal SharedJobCells(Func<string, Task<CellSnapshot>> fetch, TimeProvider time)
    {
        _fetch = fetch;
        _time = time;
    }

    /// <summary>How many cells are kept now (finished or in flight).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _reads.Count;
            }
        }
    }

    /// <returns>The scans of <paramref name="cells"/>, in the same order.</returns>
    internal ValueTask<CellScan[]> GetAsync(List<string> cells)
    {
        var now = _time.GetTimestamp();
        var scans = new CellScan[cells.Count];
        List<(int Index, Task<CellScan> Scan)>? pending = null;
        lock (_lock)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                var scan = Reading(cells[i], now);
                if (scan.IsCompletedSuccessfully)
                {
                    scans[i] = scan.Result;
                }
                else
                {
                    (pending ??= []).Add((i, scan));
                }
            }
        }

        // A warm area answers without a single await.
        return pending is null ? ValueTask.FromResult(scans) : new ValueTask<CellScan[]>(AwaitAll(pending, scans));

        static async Task<CellScan[]> AwaitAll(List<(int Index, Task<CellScan> Scan)> pending, CellScan[] scans)
        {
            await Task.WhenAll(pending.Select(p => p.Scan));
            foreach (var (index, scan) in pending)
            {
                scans[index] = scan.Result;
            }

            return scans;
        }
    }

    /// <summary>The cell's fresh read, finished or in flight, or a new one. Called under the lock.</summary>
    private Task<CellScan> Reading(string cell, long now)
    {
        if (_reads.TryGetValue(cell, out var read) && _time.GetElapsedTime(read.StartedAt, now) < FreshFor && !read.Scan.IsFaulted && !read.Scan.IsCanceled)
        {
            return read.Scan;
        }

        if (read is null && _reads.Count >= Capacity)
        {
            Sweep(now);
        }

        // The last good scan goes along, so an unchanged cell keeps its scan (a local cell answers the same snapshot object).
        var last = read?.Scan is { IsCompletedSuccessfully: true } done ? done.Result : read?.Last;
        var fetching = FetchAsync(cell, last);
        _reads[cell] = new Read(fetching, now, last);
        return fetching;
    }

    private async Task<CellScan> FetchAsync(string cell, CellScan? last)
    {
        var snapshot = await _fetch(cell).ConfigureAwait(false);
        return last is not null && ReferenceEquals(last.Snapshot, snapshot) ? last : new CellScan(snapshot);
    }

    /// <summary>Drops what has expired, and everything if that frees less than a quarter, so that sweeps stay rare.</summary>
    private void Sweep(long now)
    {
        foreach (var expired in _reads.Where(r => _time.GetElapsedTime(r.Value.StartedAt, now) >= FreshFor && r.Value.Scan.IsCompleted).Select(r => r.Key).ToList())
        {
            _reads.Remove(expired);
        }

        if (_reads.Count > Capacity * 3 / 4)
        {
            _reads.Clear();
        }
    }

    /// <param name="Last">The scan before this read, kept until this one finishes well.</param>
    private sealed record Read(Task<CellScan> Scan, long StartedAt, CellScan? Last);
}
