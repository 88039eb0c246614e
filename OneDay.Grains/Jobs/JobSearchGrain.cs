using Orleans.Concurrency;
using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// Answers a search from the cells around the point. Cell snapshots are reused for a short while so a hot
/// area costs one cell call per window instead of one per search; the window stays well inside the
/// promise that a change is searchable within a second.
/// </summary>
[StatelessWorker, DomainPlacement(Domains.Jobs)]
public sealed class JobSearchGrain(JobClock clock) : Grain, IJobSearchGrain
{
    public const int MaxLimit = 100;
    private static readonly TimeSpan CacheFor = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, (CellSnapshot Snapshot, long FetchedAt)> _cells = new(StringComparer.Ordinal);

    public async Task<JobSearchPage> Search(JobSearchQuery query)
    {
        JobSearchCursor? after = null;
        if (query.Cursor is not null && !JobSearchCursor.TryParse(query.Cursor, out after))
        {
            return new JobSearchPage([], null, BadCursor: true);
        }

        var now = clock.UtcNow;
        var radiusMeters = query.RadiusKm * 1000;
        var hits = new List<(JobSearchHit Hit, double Key)>();
        foreach (var snapshot in await SnapshotsAsync(GeoGrid.CellsCovering(query.Center, query.RadiusKm)))
        {
            foreach (var entry in snapshot.Entries)
            {
                if (entry.StartsAt <= now
                    || (query.Category is not null && entry.Category != query.Category)
                    || (query.From is { } from && entry.StartsAt < from)
                    || (query.To is { } to && entry.StartsAt >= to)
                    || (query.MinHourlyKrw is { } min && entry.HourlyKrw < min))
                {
                    continue;
                }

                var distance = query.Center.DistanceMetersTo(new GeoPoint(entry.Latitude, entry.Longitude));
                if (distance <= radiusMeters)
                {
                    var hit = new JobSearchHit(entry, distance);
                    hits.Add((hit, SortKey(hit, query.Sort)));
                }
            }
        }

        // Ties broken by job id, so the order (and with it every cursor) is total and stable.
        var ordered = hits
            .Where(h => after is null || h.Key > after.Key || (h.Key == after.Key && h.Hit.Job.JobId.CompareTo(after.JobId) > 0))
            .OrderBy(h => h.Key).ThenBy(h => h.Hit.Job.JobId)
            .Take(query.Limit + 1)
            .ToList();
        var page = ordered.Take(query.Limit).ToList();
        var next = ordered.Count > query.Limit ? new JobSearchCursor(page[^1].Key, page[^1].Hit.Job.JobId).Format() : null;
        return new JobSearchPage([.. page.Select(p => p.Hit)], next, BadCursor: false);
    }

    private static double SortKey(JobSearchHit hit, JobSort sort) => sort switch
    {
        JobSort.Pay => -hit.Job.HourlyKrw,
        JobSort.Start => hit.Job.StartsAt.UtcTicks,
        _ => hit.DistanceMeters,
    };

    private async Task<CellSnapshot[]> SnapshotsAsync(IEnumerable<string> cells)
    {
        var now = Environment.TickCount64;
        var tasks = new List<Task<CellSnapshot>>();
        foreach (var cell in cells)
        {
            tasks.Add(_cells.TryGetValue(cell, out var cached) && now - cached.FetchedAt < CacheFor.TotalMilliseconds
                ? Task.FromResult(cached.Snapshot)
                : FetchAsync(cell, now));
        }

        return await Task.WhenAll(tasks);
    }

    private async Task<CellSnapshot> FetchAsync(string cell, long now)
    {
        var snapshot = await GrainFactory.GetGrain<IJobGeoCellGrain>(cell).Snapshot();
        _cells[cell] = (snapshot, now);
        return snapshot;
    }
}
