using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching;
using OneDay.Grains.Matching.Scoring;
using OneDay.Testing.Matching;

namespace OneDay.Tests.Unit.Matching;

/// <summary>
/// A worker's recommendations over seeded synthetic cities, through the same cell scans searches use: skipping jobs
/// (and whole blocks) on the score's upper bound keeps exactly the jobs that rating every job keeps.
/// </summary>
public sealed class RecommendationRankingTests
{
    private static readonly MatchScorer Scorer = new(SyntheticCity.MinimumWageKrw);

    public static TheoryData<int> Seeds => [1, 2];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Skipping_on_the_bound_keeps_the_same_jobs_as_rating_every_job(int seed)
    {
        var city = new SyntheticCity(seed);
        var random = new Random(seed);
        var ratings = new Dictionary<Guid, double>();
        var entries = city.Jobs(4_000, employers: 60).Select(j =>
        {
            if (j.EmployerRating is { } rating)
            {
                ratings[j.EmployerId] = rating;
            }

            return new JobSearchEntry(
                j.JobId, 1, "job", j.Category, j.Location.Latitude, j.Location.Longitude, "here", j.StartsAt, j.EndsAt,
                new JobPay(j.HourlyPayKrw, PayKind.PerHour), j.HourlyPayKrw, 1, j.EmployerId, [.. j.RequiredSkills]);
        }).ToList();
        var cells = entries.GroupBy(e => GeoGrid.CellOf(e.Latitude, e.Longitude))
            .ToDictionary(g => g.Key, g => new CellScan(CellSnapshot.Create(1, g)));
        var empty = new CellScan(CellSnapshot.Create(0, []));
        var before = SyntheticCity.Epoch.AddDays(-1).UtcTicks;
        var compared = 0;
        foreach (var (_, worker) in city.Workers(150))
        {
            var profile = MatchingProfileRules.Normalize(worker);
            var radiusKm = Math.Min(profile.MaxTravelKm, GeoGrid.MaxRadiusKm);
            var cover = GeoGrid.Cover(profile.Home, radiusKm)!;
            var scans = cover.Cells.Select(c => cells.GetValueOrDefault(c, empty)).ToList();
            var applied = new HashSet<Guid>(entries.Where(_ => random.NextDouble() < 0.01).Select(e => e.JobId));
            var match = Scorer.For(profile, new WeeklyAvailability(profile.Availability), MatchContext.None);
            foreach (var take in new[] { 1, 20 })
            {
                var all = RecommendationsGrain.Best(match, profile, cover, radiusKm, scans, applied, before, take, ratings.GetValueOrNull, prune: false);
                var pruned = RecommendationsGrain.Best(match, profile, cover, radiusKm, scans, applied, before, take, ratings.GetValueOrNull, prune: true);
                Assert.Equal(all.Select(j => j.Job.JobId).Order(), pruned.Select(j => j.Job.JobId).Order());
                compared += all.Count;
            }
        }

        Assert.True(compared > 500, $"only {compared} recommendations compared: the test would prove little");
    }
}

internal static class DictionaryExtensions
{
    public static double? GetValueOrNull(this Dictionary<Guid, double> ratings, Guid employerId) =>
        ratings.TryGetValue(employerId, out var rating) ? rating : null;
}
