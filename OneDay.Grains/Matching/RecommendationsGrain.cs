using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Employers;
using OneDay.Grains.Matching.Scoring;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Matching;

/// <summary>
/// A worker's recommendations: their profile, accepted shifts, applications and blocks (one call each), then the open
/// jobs of the geo blocks within their travel distance, read from recent cell scans as a search reads them, through
/// the hard rules and the score.
/// </summary>
/// <remarks>Many workers per silo, as searches have (<see cref="JobSearchGrain"/>): a request mostly waits on other grains.</remarks>
[StatelessWorker(JobSearchGrain.MaxWorkers), DomainPlacement(Domains.Matching)]
public sealed class RecommendationsGrain(
    JobClock clock, JobOptions jobOptions, SharedEmployerRecords employers, SharedJobCells cells) : Grain, IRecommendationsGrain
{
    public async Task<Recommendations> ForWorker(Guid workerId, int limit)
    {
        var profileCall = GrainFactory.Reference<IMatchingProfileGrain>(workerId).Get();
        var scheduleCall = GrainFactory.Reference<IWorkerScheduleGrain>(workerId).Get();
        var blocksCall = GrainFactory.Reference<IUserBlocksGrain>(workerId).Blocks();
        if (await profileCall is not { } view)
        {
            return new Recommendations(false, []);
        }

        var profile = view.Profile;
        var (schedule, blocks) = (await scheduleCall, await blocksCall);
        // The search grid's widest area bounds how far a recommendation looks, as it bounds a search.
        var radiusKm = Math.Min(profile.MaxTravelKm, GeoGrid.MaxRadiusKm);
        if (GeoGrid.Cover(profile.Home, radiusKm) is not { } cover)
        {
            return new Recommendations(true, []);
        }

        var scans = await cells.GetAsync(cover.Cells);
        var recordOf = await employers.GetAsync();
        var context = MatchContext.Of(schedule.Shifts, blocks.Either);
        var applied = new HashSet<Guid>(schedule.Applications.Select(a => a.JobId).Concat(schedule.Shifts.Select(s => s.JobId)));
        var availability = new WeeklyAvailability(profile.Availability);
        var match = new MatchScorer(jobOptions.MinimumHourlyWageKrw).For(profile, availability, context);
        var kept = Best(match, profile, cover, radiusKm, scans, applied, clock.UtcNow.UtcTicks, Math.Clamp(limit, 1, IRecommendationsGrain.MaxLimit), id => recordOf(id)?.AverageRating);
        var scored = kept.Select(k => (k.Job, Score: match.Score(k.Job)!)).ToList();
        var entries = kept.ToDictionary(k => k.Job.JobId, k => k.Entry);
        return new Recommendations(true, [.. MatchScorer.Rank(scored)
            .Select(s => new Recommendation(entries[s.Job.JobId], match.DistanceKm(s.Job), s.Score, recordOf(s.Job.EmployerId) ?? EmployerRecord.None))]);
    }

    /// <summary>
    /// The best <paramref name="take"/> open jobs of the covered blocks for the worker, unexplained and in no order: the
    /// flat-key tests, then the score's upper bound, then the rules and the score.
    /// </summary>
    /// <param name="prune">False rates every job that passes the flat-key tests: the property tests' reference.</param>
    internal static List<(JobFeatures Job, JobSearchEntry Entry)> Best(
        WorkerMatch match, MatchingProfile profile, GeoCover cover, double radiusKm, IReadOnlyList<CellScan> scans, IReadOnlySet<Guid> applied,
        long nowTicks, int take, Func<Guid, double?> ratingOf, bool prune = true)
    {
        var (home, radiusMeters, payFloor) = (profile.Home, radiusKm * 1000, match.PayFloor);
        var (boxLat, boxLon) = (cover.HalfHeightDegrees + 1e-9, cover.HalfWidthDegrees + 1e-9);
        // Only the best few are kept (the worst on top), and only they are explained: building the sentences of every
        // job that passes would cost more than rating them all.
        var best = new PriorityQueue<JobSearchEntry, (double Rate, long StartTicks, Guid Id)>(take + 1, WorstFirst);
        var travelMeters = profile.MaxTravelKm * 1000;
        foreach (var block in cover.Blocks)
        {
            // Blocks come nearest first: once even perfect pay, skills, category and employer at this block's distance
            // cannot beat the worst kept, no later block can either.
            if (prune && best.Count == take && best.TryPeek(out _, out var worstKept)
                && MatchScorer.UpperBound(block.MinDistanceMeters, travelMeters, payFloor, 2 * payFloor, categoryValue: 1, PerfectRating) < worstKept.Rate)
            {
                break;
            }

            var scan = scans[block.Cell];
            var keys = scan.Keys(block.Block);
            var matchKeys = scan.MatchKeys(block.Block);
            for (var i = 0; i < keys.Length; i++)
            {
                ref readonly var k = ref keys[i];
                // Best paid first in each block: below the floor, or once even this pay at the block's least distance
                // cannot beat the worst kept, neither can the rest of the block.
                if (k.HourlyKrw < payFloor)
                {
                    break;
                }

                if (prune && best.Count == take && best.TryPeek(out _, out var worstOfBlock)
                    && MatchScorer.UpperBound(block.MinDistanceMeters, travelMeters, payFloor, k.HourlyKrw, categoryValue: 1, PerfectRating) < worstOfBlock.Rate)
                {
                    break;
                }

                // With the job's category, the bound at the block's least distance is as cheap to test and much tighter.
                ref readonly var m = ref matchKeys[i];
                var category = match.CategoryValue(m.Category);
                if (prune && best.Count == take && best.TryPeek(out _, out var worstOfKey)
                    && MatchScorer.UpperBound(block.MinDistanceMeters, travelMeters, payFloor, k.HourlyKrw, category, PerfectRating) < worstOfKey.Rate)
                {
                    continue;
                }

                // The cheap tests on the flat keys first, as a search does: most entries fail one of them (the worker's
                // windows most of all), and only the rest are rated.
                if (k.StartsAtUtcTicks <= nowTicks
                    || Math.Abs(k.Latitude - home.Latitude) > boxLat
                    || GeoCover.LongitudeGap(k.Longitude, home.Longitude) > boxLon
                    || !match.FitsTime(k.StartsAtUtcTicks, k.EndsAtUtcTicks)
                    || applied.Contains(k.JobId))
                {
                    continue;
                }

                // The distance the score and the travel rule measure; the cover's own only near the poles.
                var meters = GeoPoint.ApproxDistanceMeters(home.Latitude, home.Longitude, k.Latitude, k.Longitude);
                if ((cover.GreatCircle ? cover.DistanceMeters(home.Latitude, home.Longitude, k.Latitude, k.Longitude) : meters) > radiusMeters)
                {
                    continue;
                }

                // Skipped on its bound at its own distance (the employer counted as perfectly rated) when it could not beat
                // the worst kept.
                if (prune && best.Count == take && best.TryPeek(out _, out var worst)
                    && MatchScorer.UpperBound(meters, travelMeters, payFloor, k.HourlyKrw, category, PerfectRating) < worst.Rate)
                {
                    continue;
                }

                var terms = new JobTerms(
                    m.EmployerId, m.Category, k.Latitude, k.Longitude, k.StartsAtUtcTicks, k.EndsAtUtcTicks, k.HourlyKrw,
                    m.RequiredSkills ?? [], ratingOf(m.EmployerId));
                if (match.Rate(terms) is { } rate)
                {
                    best.Enqueue(scan.Snapshot.Block(block.Block)[i], (rate, k.StartsAtUtcTicks, k.JobId));
                    if (best.Count > take)
                    {
                        best.Dequeue();
                    }
                }
            }
        }

        var kept = new List<(JobFeatures Job, JobSearchEntry Entry)>(best.Count);
        while (best.TryDequeue(out var entry, out _))
        {
            kept.Add((MatchFeatures.From(entry, ratingOf(entry.EmployerId)), entry));
        }

        return kept;
    }

    /// <summary>The employer rating a bound assumes, the job's own not being read before the bound is.</summary>
    private const double PerfectRating = 5;

    /// <summary>The lowest rate first, then the later start, then the higher id: the reverse of the ranking.</summary>
    private static readonly Comparer<(double Rate, long StartTicks, Guid Id)> WorstFirst = Comparer<(double Rate, long StartTicks, Guid Id)>.Create((a, b) =>
        a.Rate != b.Rate ? a.Rate.CompareTo(b.Rate) : a.StartTicks != b.StartTicks ? b.StartTicks.CompareTo(a.StartTicks) : b.Id.CompareTo(a.Id));
}
