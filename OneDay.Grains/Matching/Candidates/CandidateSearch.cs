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
/// Once the list is full, a worker whose score could not reach its worst step even with perfect skills and category
/// (<see cref="MatchScorer.UpperBound"/>) is passed over on their flat key: the list is the same as rating everyone.
/// </summary>
internal sealed class CandidateSearch(SharedWorkerCells cells)
{
    public async Task<List<RankedWorker>> TopAsync(JobFeatures job, int take, IReadOnlySet<Guid> excluded)
    {
        if (take < 1 || GeoGrid.Cover(job.Location, GeoGrid.MaxRadiusKm) is not { } cover)
        {
            return [];
        }

        return Rank(job, await cells.GetAsync(cover.Cells), NearestByCell(cover), take, excluded);
    }

    /// <summary>For each cell of the cover, a lower bound of its distance from the center: its nearest block's.</summary>
    internal static double[] NearestByCell(GeoCover cover)
    {
        var nearest = new double[cover.Cells.Count];
        Array.Fill(nearest, double.PositiveInfinity);
        foreach (var block in cover.Blocks)
        {
            nearest[block.Cell] = Math.Min(nearest[block.Cell], block.MinDistanceMeters);
        }

        return nearest;
    }

    /// <param name="nearest">For each scan, a lower bound of the distance from the job to its cell.</param>
    /// <param name="prune">False rates every worker in reach: the property tests' reference.</param>
    internal static List<RankedWorker> Rank(
        JobFeatures job, IReadOnlyList<WorkerCellScan> scans, double[] nearest, int take, IReadOnlySet<Guid> excluded, bool prune = true)
    {
        var (lat, lon, pay, rating) = (job.Location.Latitude, job.Location.Longitude, job.HourlyPayKrw, job.EmployerRating);
        // The worst kept on top, so each better worker found pushes it out.
        var best = new PriorityQueue<RankedWorker, SpreadRank>(take, Comparer<SpreadRank>.Create((a, b) => b.CompareTo(a)));
        // Nearest cells first: their workers score best, so the list fills early with the scores that let the rest be
        // skipped on their bound alone.
        foreach (var c in Enumerable.Range(0, scans.Count).OrderBy(c => nearest[c]))
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

                if (k.PayFloor > pay)
                {
                    continue;
                }

                // The distance the rules and the score measure (WorkerMatch's).
                var distance = GeoPoint.ApproxDistanceMeters(lat, lon, k.Latitude, k.Longitude);
                if (distance > k.MaxTravelMeters
                    || (prune && best.Count == take && best.TryPeek(out _, out var worst)
                        && SpreadRank.BandOf(MatchScorer.UpperBound(distance, k.MaxTravelMeters, k.PayFloor, pay, categoryValue: 1, rating)) < worst.Band))
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
                    else if (best.TryPeek(out _, out var last) && rank.CompareTo(last) < 0)
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
