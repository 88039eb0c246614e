using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Scoring;
using OneDay.Testing.Matching;

namespace OneDay.Tests.Unit.Matching;

/// <summary>
/// Properties of matching's score over seeded synthetic cities: the hard rules (checked against a plain, slow
/// oracle), scores in [0, 1] made of their explanation, monotonic factors, and a ranking that breaks ties the same
/// way whatever the input order.
/// </summary>
public sealed class MatchScorerTests
{
    private static readonly MatchScorer Scorer = new(SyntheticCity.MinimumWageKrw);
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    public static TheoryData<int> Seeds => [1, 2, 3];

    private sealed record Case(MatchingProfile Profile, WeeklyAvailability Availability, MatchContext Context, JobFeatures Job);

    /// <summary>Every worker against every job, each worker accepted for a few of the jobs and blocking one employer.</summary>
    private static IEnumerable<Case> Cases(int seed, int workers = 80, int jobs = 200)
    {
        var city = new SyntheticCity(seed);
        var cityJobs = city.Jobs(jobs, employers: 20);
        var random = new Random(seed);
        foreach (var (_, profile) in city.Workers(workers))
        {
            var accepted = cityJobs.OrderBy(_ => random.Next()).Take(3).Select(j => (j.StartsAt, j.EndsAt)).ToList();
            var context = new MatchContext(accepted, new HashSet<Guid> { cityJobs[random.Next(cityJobs.Count)].EmployerId });
            var availability = new WeeklyAvailability(profile.Availability);
            foreach (var job in cityJobs)
            {
                yield return new Case(profile, availability, context, job);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_job_is_scored_exactly_when_it_breaks_no_hard_rule(int seed)
    {
        var scored = 0;
        foreach (var c in Cases(seed))
        {
            var score = Scorer.Score(c.Profile, c.Availability, c.Job, c.Context);
            Assert.Equal(Oracle(c), score is not null);
            Assert.Equal(score is null, Scorer.Broken(c.Profile, c.Availability, c.Job, c.Context).Count > 0);
            scored += score is null ? 0 : 1;
        }

        // The city must exercise both sides of the rules, or this proves nothing.
        Assert.InRange(scored, 200, 16_000 - 200);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_score_is_in_0_to_1_its_factors_add_up_to_it_and_the_bare_rate_equals_it(int seed)
    {
        foreach (var c in Cases(seed))
        {
            if (Scorer.Score(c.Profile, c.Availability, c.Job, c.Context) is not { } score)
            {
                continue;
            }

            Assert.InRange(score.Score, 0, 1);
            // Ranking rates many jobs without their sentences; it must agree with the explained score exactly.
            Assert.Equal(score.Score, Scorer.For(c.Profile, c.Availability, c.Context).Rate(c.Job));
            Assert.Equal(1, score.Factors.Sum(f => f.Weight), 12);
            Assert.Equal(score.Score, score.Factors.Sum(f => f.Contribution), 12);
            Assert.All(score.Factors, f =>
            {
                Assert.InRange(f.Value, 0, 1);
                Assert.Equal(f.Value * f.Weight, f.Contribution, 12);
                Assert.False(string.IsNullOrWhiteSpace(f.Explanation));
            });
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_score_never_falls_when_one_factor_gets_better_and_the_others_stay(int seed)
    {
        foreach (var c in Cases(seed, workers: 40, jobs: 150))
        {
            if (Scorer.Score(c.Profile, c.Availability, c.Job, c.Context) is not { } before)
            {
                continue;
            }

            var home = c.Profile.Home;
            var closer = c.Job with { Location = new GeoPoint((c.Job.Location.Latitude + home.Latitude) / 2, (c.Job.Location.Longitude + home.Longitude) / 2) };
            var betterPaid = c.Job with { HourlyPayKrw = c.Job.HourlyPayKrw + 1_000 };
            var betterRated = c.Job with { EmployerRating = Math.Min(5, (c.Job.EmployerRating ?? 2.5) + 0.5) };
            var preferred = c.Profile with { PreferredCategories = [.. c.Profile.PreferredCategories.Append(c.Job.Category).Distinct()] };
            var skilled = c.Profile with
            {
                Skills = [.. c.Profile.Skills.Where(s => !c.Job.RequiredSkills.Contains(s.Name)), .. c.Job.RequiredSkills.Select(r => new SkillLevel(r, 5))],
            };

            foreach (var (job, profile, factor) in new[] { (closer, c.Profile, "distance"), (betterPaid, c.Profile, "pay"), (betterRated, c.Profile, "employer"), (c.Job, preferred, "category"), (c.Job, skilled, "skills") })
            {
                var after = Scorer.Score(profile, c.Availability, job, c.Context);
                Assert.NotNull(after);
                Assert.True(after.Score >= before.Score - 1e-12, $"{factor}: {before.Score} -> {after.Score}");
                Assert.Equal(
                    before.Factors.Where(f => f.Name != factor).Select(f => f.Value),
                    after.Factors.Where(f => f.Name != factor).Select(f => f.Value));
            }
        }
    }

    [Fact]
    public void Equal_scores_rank_by_the_earlier_shift_then_the_job_id_whatever_the_input_order()
    {
        var scored = Cases(7, workers: 1, jobs: 400)
            .Select(c => (c.Job, Score: Scorer.Score(c.Profile, c.Availability, c.Job, MatchContext.None)))
            .Where(s => s.Score is not null)
            .Select(s => (s.Job, s.Score!))
            .ToList();
        var tied = scored.Select(s => (s.Job, Score: s.Item2 with { Score = 0.5 })).ToList();

        var expected = MatchScorer.Rank(scored).Select(s => s.Job.JobId).ToList();
        var shuffled = MatchScorer.Rank(scored.OrderBy(s => s.Job.JobId.GetHashCode())).Select(s => s.Job.JobId).ToList();
        Assert.Equal(expected, shuffled);
        Assert.Equal(
            tied.OrderBy(s => s.Job.StartsAt).ThenBy(s => s.Job.JobId).Select(s => s.Job.JobId),
            MatchScorer.Rank(Enumerable.Reverse(tied)).Select(s => s.Job.JobId));
    }

    [Fact]
    public void A_night_shift_fits_windows_that_meet_at_midnight_and_the_explanation_says_why()
    {
        var profile = new MatchingProfile(
            [new SkillLevel("barista", 4)], ["cafe"], new GeoPoint(37.5665, 126.978), 5,
            [new AvailabilityWindow(DayOfWeek.Saturday, 18 * 60, 24 * 60), new AvailabilityWindow(DayOfWeek.Sunday, 0, 4 * 60)], 11_000, ["ko"]);
        var saturday = new DateTimeOffset(2026, 12, 12, 22, 0, 0, Kst);
        var job = new JobFeatures(Guid.NewGuid(), Guid.NewGuid(), "cafe", new GeoPoint(37.5700, 126.98), saturday, saturday.AddHours(4), 12_000, ["barista", "cashier"], 4.6);

        var score = Scorer.Score(profile, new WeeklyAvailability(profile.Availability), job, MatchContext.None);

        Assert.NotNull(score);
        Assert.Equal("fits your Saturday 18:00-24:00 window", score.Window);
        Assert.Equal("1 of 2 skills", score.Factors.Single(f => f.Name == "skills").Explanation);
        Assert.Equal("pays 12,000 an hour against your minimum 11,000", score.Factors.Single(f => f.Name == "pay").Explanation);
        Assert.Equal("employer rated 4.6", score.Factors.Single(f => f.Name == "employer").Explanation);
        Assert.Null(Scorer.Score(profile, new WeeklyAvailability(profile.Availability), job with { EndsAt = saturday.AddHours(7) }, MatchContext.None));
    }

    /// <summary>The hard rules the slow, obvious way: great-circle distance, and availability minute by minute.</summary>
    private static bool Oracle(Case c)
    {
        var p = c.Profile;
        var j = c.Job;
        const double R = 6371.0;
        double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(j.Location.Latitude - p.Home.Latitude) / 2), 2)
            + (Math.Cos(Rad(p.Home.Latitude)) * Math.Cos(Rad(j.Location.Latitude)) * Math.Pow(Math.Sin(Rad(j.Location.Longitude - p.Home.Longitude) / 2), 2));
        var km = 2 * R * Math.Asin(Math.Sqrt(a));
        // The scorer's flat-earth distance is within a metre of this at city scale; stay clear of the edge.
        if (Math.Abs(km - p.MaxTravelKm) < 0.01)
        {
            return Scorer.Score(c.Profile, c.Availability, c.Job, c.Context) is not null;
        }

        var available = true;
        for (var t = j.StartsAt.ToOffset(Kst); t < j.EndsAt && available; t = t.AddMinutes(1))
        {
            var minute = t.Hour * 60 + t.Minute;
            available = p.Availability.Any(w => w.Day == t.DayOfWeek && w.StartMinute <= minute && minute < w.EndMinute);
        }

        return km <= p.MaxTravelKm
            && available
            && j.HourlyPayKrw >= Math.Max(SyntheticCity.MinimumWageKrw, p.MinimumHourlyPayKrw)
            && !c.Context.AcceptedShifts.Any(s => s.Start < j.EndsAt && j.StartsAt < s.End)
            && !c.Context.Blocked.Contains(j.EmployerId);
    }
}
