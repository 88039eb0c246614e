using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Candidates;

namespace OneDay.Tests.Unit.Matching;

/// <summary>The spread rule among a job's candidates (<see cref="CandidateSpread"/>): better steps first, rotation within one.</summary>
public sealed class SpreadRankTests
{
    private static Guid Id(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    [Fact]
    public void A_worker_a_step_better_always_ranks_first()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var job = Id(random);
            var lower = random.NextDouble() * (1 - CandidateSpread.Step);
            var higher = Math.Min(1, lower + CandidateSpread.Step + 1e-9);
            Assert.True(SpreadRank.Of(job, Id(random), higher).CompareTo(SpreadRank.Of(job, Id(random), lower)) < 0);
        }
    }

    [Fact]
    public void Within_a_step_each_worker_leads_about_equally_often_across_jobs()
    {
        var random = new Random(11);
        var workers = Enumerable.Range(0, 5).Select(_ => Id(random)).ToArray();
        var leads = new int[workers.Length];
        const int Jobs = 5_000;
        for (var j = 0; j < Jobs; j++)
        {
            var job = Id(random);
            // Near-equal, not equal: the scores differ, inside one step.
            var ranked = workers.Select((w, i) => (Index: i, Rank: SpreadRank.Of(job, w, 0.700 + (i * 0.001)))).OrderBy(r => r.Rank).ToList();
            leads[ranked[0].Index]++;
        }

        // A fifth each, give or take what chance allows (about 4.5 standard deviations).
        Assert.All(leads, count => Assert.InRange(count, (Jobs / 5) - 130, (Jobs / 5) + 130));
    }

    [Fact]
    public void The_order_is_the_same_every_time_and_total()
    {
        var random = new Random(3);
        var job = Id(random);
        var ranks = Enumerable.Range(0, 200).Select(_ => SpreadRank.Of(job, Id(random), Math.Round(random.NextDouble(), 2))).ToList();
        var once = ranks.OrderBy(r => r).ToList();
        var again = ranks.OrderBy(_ => random.Next()).OrderBy(r => r).ToList();
        Assert.Equal(once, again);
        Assert.All(ranks, r => Assert.Equal(r, SpreadRank.Of(job, r.WorkerId, (r.Band * CandidateSpread.Step) + (CandidateSpread.Step / 2))));
    }
}
