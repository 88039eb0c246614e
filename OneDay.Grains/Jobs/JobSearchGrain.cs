using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Jobs;

/// <summary>Answers a search from the cells around the point, through the silo's recent cell scans (<see cref="SharedJobCells"/>).</summary>
/// <remarks>
/// Not reentrant, but many workers per silo: a search mostly waits on cells, and with the default of one worker per
/// core a restarted silo's slow cells held the searches below their arrival rate for minutes. Interleaving them
/// instead took every waiting search at once (bench/results/faults-soak.md); the workers bound the searches in flight.
/// Searches that waited past their 5 s are dropped from the queue (<see cref="IJobSearchGrain"/>).
/// </remarks>
[StatelessWorker(MaxWorkers), DomainPlacement(Domains.Jobs)]
public sealed class JobSearchGrain(JobClock clock, SharedJobCells cells) : Grain, IJobSearchGrain
{
    public const int MaxLimit = 100;

    /// <summary>Searches one silo runs at once.</summary>
    public const int MaxWorkers = 16;

    public async Task<JobSearchPage> Search(JobSearchQuery query)
    {
        JobSearchCursor? after = null;
        if (query.Cursor is not null && !JobSearchCursor.TryParse(query.Cursor, out after))
        {
            return new JobSearchPage([], null, BadCursor: true);
        }

        var cover = GeoGrid.Cover(query.Center, query.RadiusKm);
        if (cover is null)
        {
            return new JobSearchPage([], null, BadCursor: false, AreaTooLarge: true);
        }

        var nowTicks = clock.UtcNow.UtcTicks;
        var fromTicks = query.From?.UtcTicks ?? long.MinValue;
        var toTicks = query.To?.UtcTicks ?? long.MaxValue;
        var minHourly = query.MinHourlyKrw ?? long.MinValue;
        var center = query.Center;
        var radiusMeters = query.RadiusKm * 1000;
        // A cheap box test first: most entries of the covering cells are outside the circle's box. The margin
        // only absorbs rounding; the distance test decides.
        var boxLat = cover.HalfHeightDegrees + 1e-9;
        var boxLon = cover.HalfWidthDegrees + 1e-9;
        var take = query.Limit + 1;
        // Only the best limit+1 hits are kept (a max-heap on the sort key), so a crowded area is not sorted whole.
        var best = new PriorityQueue<(JobSearchEntry Entry, double Distance), (double Key, Guid Id)>(take, Descending);
        var snapshots = await cells.GetAsync(cover.Cells);
        foreach (var block in cover.Blocks)
        {
            // Nearest blocks first: once a full page is nearer than the next block can be, the rest cannot compete.
            if (query.Sort == JobSort.Distance && best.Count == take && best.TryPeek(out _, out var worst)
                && worst.Key < block.MinDistanceMeters)
            {
                break;
            }

            var scan = snapshots[block.Cell];
            var keys = scan.Keys(block.Block);
            var entries = scan.Snapshot.Block(block.Block);
            for (var i = 0; i < keys.Length; i++)
            {
                ref readonly var k = ref keys[i];
                if (Math.Abs(k.Latitude - center.Latitude) > boxLat
                    || GeoCover.LongitudeGap(k.Longitude, center.Longitude) > boxLon
                    || k.StartsAtUtcTicks <= nowTicks
                    || k.StartsAtUtcTicks < fromTicks
                    || k.StartsAtUtcTicks >= toTicks
                    || k.HourlyKrw < minHourly
                    || (query.Category is not null && entries[i].Category != query.Category))
                {
                    continue;
                }

                var distance = cover.DistanceMeters(center.Latitude, center.Longitude, k.Latitude, k.Longitude);
                if (distance > radiusMeters)
                {
                    continue;
                }

                var entry = entries[i];
                var key = (SortKey(k, distance, query.Sort), k.JobId);
                if (after is not null && Ascending.Compare(key, (after.Key, after.JobId)) <= 0)
                {
                    continue;
                }

                if (best.Count < take)
                {
                    best.Enqueue((entry, distance), key);
                }
                else
                {
                    best.EnqueueDequeue((entry, distance), key);
                }
            }
        }

        // Ties broken by job id, so the order (and with it every cursor) is total and stable.
        var ordered = new List<(JobSearchHit Hit, double Key)>(best.Count);
        while (best.TryDequeue(out var hit, out var key))
        {
            ordered.Add((new JobSearchHit(hit.Entry, hit.Distance), key.Key));
        }

        ordered.Reverse();
        var page = ordered.Take(query.Limit).ToList();
        var next = ordered.Count > query.Limit ? new JobSearchCursor(page[^1].Key, page[^1].Hit.Job.JobId).Format() : null;
        return new JobSearchPage([.. page.Select(p => p.Hit)], next, BadCursor: false);
    }

    private static readonly Comparer<(double Key, Guid Id)> Ascending = Comparer<(double Key, Guid Id)>.Create((a, b) =>
    {
        var byKey = a.Key.CompareTo(b.Key);
        return byKey != 0 ? byKey : a.Id.CompareTo(b.Id);
    });

    private static readonly Comparer<(double Key, Guid Id)> Descending = Comparer<(double Key, Guid Id)>.Create((a, b) => Ascending.Compare(b, a));

    // Start sorts by Unix milliseconds (what cursors hold), computed as DateTimeOffset.ToUnixTimeMilliseconds does.
    private static double SortKey(in ScanKey key, double distance, JobSort sort) => sort switch
    {
        JobSort.Pay => -key.HourlyKrw,
        JobSort.Start => (key.StartsAtUtcTicks / TimeSpan.TicksPerMillisecond) - UnixEpochMilliseconds,
        _ => distance,
    };

    private static readonly long UnixEpochMilliseconds = DateTimeOffset.UnixEpoch.UtcTicks / TimeSpan.TicksPerMillisecond;
}
