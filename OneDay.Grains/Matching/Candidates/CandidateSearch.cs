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
/// Once the list is full, a worker whose score could not reach its worst step even with perfect skills
/// (<see cref="MatchScorer.UpperBound"/>, the category's value bounded by <see cref="CategoryBits"/>) is passed over on
/// their flat key, as is one whose windows leave an hour of the shift out (<see cref="WeeklyHours"/>): the list is the
/// same as rating everyone.
/// </summary>
internal sealed class CandidateSearch(SharedWorkerCells cells)
{
    public async Task<List<RankedWorker>> TopAsync(JobFeatures job, int take, IReadOnlySet<Guid> excluded)
    {
        if (take < 1 || GeoGrid.CoverCells(job.Location, GeoGrid.MaxRadiusKm) is not { } cover)
        {
            return [];
        }

        return Rank(job, await cells.GetAsync(cover), cover.NearestMeters, take, excluded);
    }

    /// <param name="nearest">For each scan, a lower bound of the distance from the job to its cell.</param>
    /// <param name="prune">False rates every worker in reach: the property tests' reference.</param>
    internal static List<RankedWorker> Rank(
        JobFeatures job, IReadOnlyList<WorkerCellScan> scans, double[] nearest, int take, IReadOnlySet<Guid> excluded, bool prune = true)
    {
        var (lat, lon, pay, rating) = (job.Location.Latitude, job.Location.Longitude, job.HourlyPayKrw, job.EmployerRating);
        var terms = JobTerms.Of(job);
        var category = CategoryBits.Bit(terms.Category);
        var (startMinute, lengthMinutes) = (
            WeeklyAvailability.MinuteOfWeek(terms.StartsAtUtcTicks), WeeklyAvailability.LengthMinutes(terms.EndsAtUtcTicks - terms.StartsAtUtcTicks));
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
                // Farthest-travelling first: once a worker would not come this far, or could not make the list from this
                // far even at the cell's lowest pay floor with perfect skills and category, nobody after them could.
                if (k.MaxTravelMeters < nearest[c]
                    || (prune && best.Count == take && best.TryPeek(out _, out var worstOfCell)
                        && SpreadRank.BandOf(MatchScorer.UpperBound(nearest[c], k.MaxTravelMeters, scan.MinPayFloor, pay, categoryValue: 1, rating))
                            < worstOfCell.Band))
                {
                    break;
                }

                // Most workers are not free at the shift's hours: that is known from the key alone.
                if (k.PayFloor > pay || !k.Hours.MayCover(startMinute, lengthMinutes))
                {
                    continue;
                }

                // The distance the rules and the score measure (WorkerMatch's).
                var distance = GeoPoint.ApproxDistanceMeters(lat, lon, k.Latitude, k.Longitude);
                if (distance > k.MaxTravelMeters
                    || (prune && best.Count == take && best.TryPeek(out _, out var worst)
                        && SpreadRank.BandOf(MatchScorer.UpperBound(
                            distance, k.MaxTravelMeters, k.PayFloor, pay, CategoryBits.MaxValue(k.PreferredCategories, category), rating)) < worst.Band))
                {
                    continue;
                }

                var entry = scan.Snapshot.Entries[i];
                if (excluded.Contains(entry.WorkerId))
                {
                    continue;
                }

                var match = scan.Match(i);
                if (match.Rate(terms) is { } rate)
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
