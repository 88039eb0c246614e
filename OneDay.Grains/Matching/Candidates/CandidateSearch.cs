using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Scoring;
using OneDay.Grains.Matching.Workers;

namespace OneDay.Grains.Matching.Candidates;

/// <summary>A worker who fits a job: their read-model entry, prepared match and place in the ranking.</summary>
internal sealed record RankedWorker(WorkerIndexEntry Entry, WorkerMatch Match, SpreadRank Rank);

/// <summary>
/// The workers around a job that break none of the hard rules, best first (<see cref="SpreadRank"/>), from the worker
/// read model. A search looks as far as the grid's widest area, as a recommendation does, so the two always agree.
/// </summary>
internal sealed class CandidateSearch(WorkerCellScans cells)
{
    public async Task<List<RankedWorker>> TopAsync(JobFeatures job, int take, IReadOnlySet<Guid> excluded)
    {
        if (take < 1 || GeoGrid.Cover(job.Location, GeoGrid.MaxRadiusKm) is not { } cover)
        {
            return [];
        }

        var scans = await cells.GetAsync(cover.Cells);
        var nearest = new double[cover.Cells.Count];
        Array.Fill(nearest, double.PositiveInfinity);
        foreach (var block in cover.Blocks)
        {
            nearest[block.Cell] = Math.Min(nearest[block.Cell], block.MinDistanceMeters);
        }

        var (lat, lon, pay) = (job.Location.Latitude, job.Location.Longitude, job.HourlyPayKrw);
        // The worst kept on top, so each better worker found pushes it out.
        var best = new PriorityQueue<RankedWorker, SpreadRank>(take, Comparer<SpreadRank>.Create((a, b) => b.CompareTo(a)));
        for (var c = 0; c < scans.Length; c++)
        {
            var scan = scans[c];
            var keys = scan.Keys;
            for (var i = 0; i < keys.Length; i++)
            {
                ref readonly var k = ref keys[i];
                if (k.MaxTravelMeters < nearest[c])
                {
                    // Farthest-travelling first: nobody after them comes this far either.
                    break;
                }

                if (k.PayFloor > pay || cover.DistanceMeters(lat, lon, k.Latitude, k.Longitude) > k.MaxTravelMeters)
                {
                    continue;
                }

                var entry = scan.Snapshot.Entries[i];
                if (excluded.Contains(entry.WorkerId))
                {
                    continue;
                }

                var match = scan.Match(i);
                if (match.Rate(job) is { } rate)
                {
                    var rank = SpreadRank.Of(job.JobId, entry.WorkerId, rate);
                    if (best.Count < take)
                    {
                        best.Enqueue(new RankedWorker(entry, match, rank), rank);
                    }
                    else if (best.TryPeek(out _, out var worst) && rank.CompareTo(worst) < 0)
                    {
                        best.EnqueueDequeue(new RankedWorker(entry, match, rank), rank);
                    }
                }
            }
        }

        var ranked = new List<RankedWorker>(best.Count);
        while (best.TryDequeue(out var worker, out _))
        {
            ranked.Add(worker);
        }

        ranked.Reverse();
        return ranked;
    }
}
