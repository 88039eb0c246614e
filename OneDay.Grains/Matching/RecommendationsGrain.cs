using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Scoring;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Matching;

/// <summary>
/// A worker's recommendations: their profile, accepted shifts, applications and blocks (one call each), then the open
/// jobs of the geo blocks within their travel distance, read from recent cell scans as a search reads them, through
/// the hard rules and the score.
/// </summary>
[StatelessWorker, DomainPlacement(Domains.Matching)]
public sealed class RecommendationsGrain(JobClock clock, JobOptions jobOptions, IGrainFactory grains, TimeProvider time) : Grain, IRecommendationsGrain
{
    private readonly CellScans _cells = new(grains, time);

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

        var scans = await _cells.GetAsync(cover.Cells);
        var context = new MatchContext(
            [.. schedule.Shifts.Select(s => (s.StartsAt, s.EndsAt))],
            new HashSet<Guid>(blocks.Blocked.Concat(blocks.BlockedBy)));
        var applied = new HashSet<Guid>(schedule.Applications.Select(a => a.JobId).Concat(schedule.Shifts.Select(s => s.JobId)));
        var availability = new WeeklyAvailability(profile.Availability);
        var scorer = new MatchScorer(jobOptions.MinimumHourlyWageKrw);
        var (home, radiusMeters, payFloor, nowTicks) = (profile.Home, radiusKm * 1000, scorer.PayFloor(profile), clock.UtcNow.UtcTicks);
        var (boxLat, boxLon) = (cover.HalfHeightDegrees + 1e-9, cover.HalfWidthDegrees + 1e-9);
        var scored = new List<(JobFeatures Job, MatchScore Score)>();
        var entries = new Dictionary<Guid, JobSearchEntry>();
        foreach (var block in cover.Blocks)
        {
            var scan = scans[block.Cell];
            var keys = scan.Keys(block.Block);
            var blockEntries = scan.Snapshot.Block(block.Block);
            for (var i = 0; i < keys.Length; i++)
            {
                // The cheap tests on the flat keys first, as a search does: most entries fail one of them, and only
                // the rest are looked at and scored.
                ref readonly var k = ref keys[i];
                if (k.StartsAtUtcTicks <= nowTicks
                    || k.HourlyKrw < payFloor
                    || Math.Abs(k.Latitude - home.Latitude) > boxLat
                    || GeoCover.LongitudeGap(k.Longitude, home.Longitude) > boxLon
                    || cover.DistanceMeters(home.Latitude, home.Longitude, k.Latitude, k.Longitude) > radiusMeters
                    || applied.Contains(k.JobId))
                {
                    continue;
                }

                var entry = blockEntries[i];
                if (!availability.Covers(entry.StartsAt, entry.EndsAt))
                {
                    continue;
                }

                var features = Features(entry);
                if (scorer.Score(profile, availability, features, context) is { } score)
                {
                    scored.Add((features, score));
                    entries[entry.JobId] = entry;
                }
            }
        }

        return new Recommendations(true, [.. MatchScorer.Rank(scored).Take(Math.Clamp(limit, 1, IRecommendationsGrain.MaxLimit))
            .Select(s => new Recommendation(entries[s.Job.JobId], DistanceKm(profile.Home, s.Job.Location), s.Score))]);
    }

    private static double DistanceKm(GeoPoint from, GeoPoint to) =>
        GeoPoint.ApproxDistanceMeters(from.Latitude, from.Longitude, to.Latitude, to.Longitude) / 1000;

    // Employer ratings are not in the read model yet: every employer counts as unrated (the neutral middle).
    private static JobFeatures Features(JobSearchEntry entry) => new(
        entry.JobId, entry.EmployerId, entry.Category, new GeoPoint(entry.Latitude, entry.Longitude), entry.StartsAt, entry.EndsAt,
        entry.HourlyKrw, entry.RequiredSkills ?? [], EmployerRating: null);
}
