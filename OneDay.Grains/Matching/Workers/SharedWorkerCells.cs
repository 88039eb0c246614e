using System.Collections.Concurrent;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Scoring;

namespace OneDay.Grains.Matching.Workers;

/// <summary>
/// The silo's recent scans of the worker read model's cells, shared by every matching grain on it: candidate searches
/// and the new-job alerts of every job posted in an area read its cells once a second between them, and each worker is
/// prepared for matching once per snapshot, not once per activation. A profile change reaches them within a second.
/// Cells their region does not list (<see cref="IWorkerRegionGrain"/>) are not read at all.
/// </summary>
/// <remarks>
/// Safe for concurrent use: a cell's scan is replaced whole, and two grains missing the same cell at once both read it
/// (the second scan wins; both are right). A scan's lazily prepared workers are immutable once built.
/// </remarks>
public sealed class SharedWorkerCells(IGrainFactory grains, JobOptions jobOptions, TimeProvider time)
{
    /// <summary>The cells of several of the widest areas; past it the cache starts again (a sweep stays rare).</summary>
    private const int Capacity = 8 * GeoGrid.MaxCellsPerSearch;

    /// <summary>How old a cell's scan may be: a profile change reaches candidates and alerts within this.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (WorkerCellScan Scan, long ReadAt)> _cells = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IReadOnlySet<string> Cells, long ReadAt)> _regions = new(StringComparer.Ordinal);
    private readonly MatchScorer _scorer = new(jobOptions.MinimumHourlyWageKrw);
    private readonly WorkerCellScan _empty = new(new WorkerCellSnapshot(0, []), new MatchScorer(jobOptions.MinimumHourlyWageKrw));

    /// <returns>The scans of the cover's cells, in the same order.</returns>
    internal async ValueTask<WorkerCellScan[]> GetAsync(GeoCellCover cover)
    {
        var (cells, now) = (cover.Cells, time.GetTimestamp());
        var occupied = await OccupiedAsync(cover.Regions, now);
        var scans = new WorkerCellScan[cells.Count];
        List<Task>? fetches = null;
        for (var i = 0; i < cells.Count; i++)
        {
            if (!occupied.Contains(cells[i]))
            {
                // Nobody has ever lived there: no cell grain to ask.
                scans[i] = _empty;
            }
            else if (_cells.TryGetValue(cells[i], out var cached) && IsFresh(cached.ReadAt, now))
            {
                scans[i] = cached.Scan;
            }
            else
            {
                (fetches ??= []).Add(FetchAsync(cells[i], now, scans, i));
            }
        }

        if (fetches is not null)
        {
            await Task.WhenAll(fetches);
        }

        return scans;
    }

    /// <summary>The cells listed by the cover's regions, each once (a search's cells span one to four).</summary>
    private async ValueTask<HashSet<string>> OccupiedAsync(List<string> regions, long now)
    {
        var occupied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            if (!_regions.TryGetValue(region, out var cached) || !IsFresh(cached.ReadAt, now))
            {
                cached = (await grains.Reference<IWorkerRegionGrain>(region).Cells(), now);
                Keep(_regions, region, cached);
            }

            occupied.UnionWith(cached.Cells);
        }

        return occupied;
    }

    private async Task FetchAsync(string cell, long now, WorkerCellScan[] into, int index)
    {
        var snapshot = await grains.Reference<IWorkerGeoCellGrain>(cell).Snapshot();
        // An unchanged cell hands a local caller the same snapshot object, so its prepared workers are kept.
        var scan = _cells.TryGetValue(cell, out var cached) && ReferenceEquals(cached.Scan.Snapshot, snapshot)
            ? cached.Scan
            : new WorkerCellScan(snapshot, _scorer);
        Keep(_cells, cell, (scan, now));
        into[index] = scan;
    }

    private static void Keep<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= Capacity && !cache.ContainsKey(key))
        {
            cache.Clear();
        }

        cache[key] = value;
    }

    private bool IsFresh(long readAt, long now) => time.GetElapsedTime(readAt, now) < FreshFor;
}
