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
/// A worker's recommendations: their profile, accepted shifts, applications and blocks (one call each), then every open
/// job in the geo cells within their travel distance, through the hard rules and the score.
/// </summary>
[StatelessWorker, DomainPlacement(Domains.Matching)]
public sealed class RecommendationsGrain(JobClock clock, JobOptions jobOptions) : Grain, IRecommendationsGrain
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

        var snapshots = await Task.WhenAll(cover.Cells.Select(c => GrainFactory.Reference<IJobGeoCellGrain>(c).Snapshot()));
        var context = new MatchContext(
            [.. schedule.Shifts.Select(s => (s.StartsAt, s.EndsAt))],
            new HashSet<Guid>(blocks.Blocked.Concat(blocks.BlockedBy)));
        var applied = new HashSet<Guid>(schedule.Applications.Select(a => a.JobId).Concat(schedule.Shifts.Select(s => s.JobId)));
        var availability = new WeeklyAvailability(profile.Availability);
        var scorer = new MatchScorer(jobOptions.MinimumHourlyWageKrw);
        var now = clock.UtcNow;
        var scored = new List<(JobFeatures Job, MatchScore Score)>();
        var entries = new Dictionary<Guid, JobSearchEntry>();
        foreach (var entry in snapshots.SelectMany(s => s.Entries))
        {
            if (entry.StartsAt <= now || applied.Contains(entry.JobId))
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
