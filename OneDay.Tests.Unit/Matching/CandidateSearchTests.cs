using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Matching;
using OneDay.Grains.Matching.Candidates;
using OneDay.Grains.Matching.Scoring;
using OneDay.Grains.Matching.Workers;
using OneDay.Testing.Matching;

namespace OneDay.Tests.Unit.Matching;

/// <summary>
/// A job's candidates over seeded synthetic cities, through the same cell scans the grains use: every candidate keeps
/// every hard rule, and skipping workers on their score's upper bound changes nothing against rating them all.
/// </summary>
public sealed class CandidateSearchTests
{
    private static readonly MatchScorer Scorer = new(SyntheticCity.MinimumWageKrw);

    public static TheoryData<int> Seeds => [1, 2];

    private sealed record City(IReadOnlyList<JobFeatures> Jobs, Dictionary<string, WorkerCellScan> Cells);

    /// <summary>3,000 workers, a tenth of them busy with one of the jobs and a tenth blocking one employer.</summary>
    private static City Build(int seed)
    {
        var city = new SyntheticCity(seed);
        var jobs = city.Jobs(150, employers: 15);
        var random = new Random(seed);
        var entries = city.Workers(3_000).Select(w =>
        {
            var busy = random.NextDouble() < 0.1 ? jobs[random.Next(jobs.Count)] : null;
            var blocked = random.NextDouble() < 0.1 ? jobs[random.Next(jobs.Count)].EmployerId : (Guid?)null;
            return new WorkerIndexEntry(
                w.WorkerId, 1, MatchingProfileRules.Normalize(w.Profile),
                busy is null ? [] : [new ShiftReservation(busy.JobId, busy.StartsAt, busy.EndsAt)],
                blocked is { } b ? [b] : [],
                WorkerReliability.None);
        });
        var cells = entries.GroupBy(e => GeoGrid.CellOf(e.Profile.Home.Latitude, e.Profile.Home.Longitude)).ToDictionary(
            g => g.Key,
            g => new WorkerCellScan(new WorkerCellSnapshot(1, [.. g.OrderByDescending(e => e.Profile.MaxTravelKm).ThenBy(e => e.WorkerId)]), Scorer));
        return new City(jobs, cells);
    }

    private static List<RankedWorker> Rank(City city, JobFeatures job, int take, bool prune)
    {
        var cover = GeoGrid.CoverCells(job.Location, GeoGrid.MaxRadiusKm)!;
        var empty = new WorkerCellScan(new WorkerCellSnapshot(0, []), Scorer);
        return CandidateSearch.Rank(
            job, [.. cover.Cells.Select(c => city.Cells.GetValueOrDefault(c, empty))], cover.NearestMeters, take, new HashSet<Guid>(), prune);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Skipping_on_the_bound_gives_the_same_list_as_rating_everyone(int seed)
    {
        var city = Build(seed);
        foreach (var job in city.Jobs)
        {
            foreach (var take in new[] { 1, 20, 50 })
            {
                Assert.Equal(
                    Rank(city, job, take, prune: false).Select(r => r.Entry.WorkerId),
                    Rank(city, job, take, prune: true).Select(r => r.Entry.WorkerId));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_candidate_keeps_every_hard_rule_and_the_list_runs_best_first(int seed)
    {
        var city = Build(seed);
        var found = 0;
        foreach (var job in city.Jobs)
        {
            var ranked = Rank(city, job, 50, prune: true);
            found += ranked.Count;
            foreach (var worker in ranked)
            {
                var p = worker.Entry.Profile;
                var km = GeoPoint.GreatCircleMeters(p.Home.Latitude, p.Home.Longitude, job.Location.Latitude, job.Location.Longitude) / 1000;
                Assert.True(km <= p.MaxTravelKm + 0.01, $"{km:0.00} km against {p.MaxTravelKm} km");
                Assert.True(job.HourlyPayKrw >= Math.Max(SyntheticCity.MinimumWageKrw, p.MinimumHourlyPayKrw));
                Assert.DoesNotContain(job.EmployerId, worker.Entry.Blocked);
                Assert.DoesNotContain(worker.Entry.Busy, s => s.StartsAt < job.EndsAt && job.StartsAt < s.EndsAt);
                Assert.Empty(Scorer.Broken(p, new WeeklyAvailability(p.Availability), job, MatchContext.None));
            }

            Assert.Equal(ranked.OrderBy(r => r.Rank).Select(r => r.Entry.WorkerId), ranked.Select(r => r.Entry.WorkerId));
        }

        Assert.True(found > 1_000, $"only {found} candidates over the city's jobs: the test would prove little");
    }
}
