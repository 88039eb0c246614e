using OneDay.Bench.Measure;
using OneDay.Bench.Reporting;
using OneDay.Bench.Scenarios;

namespace OneDay.Tests.Unit.Bench;

/// <summary>When warm-ups stop and how a scenario's figures become its result.</summary>
public sealed class MeasurementRuleTests
{
    [Fact]
    public void Warm_up_settles_once_two_rounds_agree_but_not_before_the_floor()
    {
        var rule = WarmUpRule.For(roundSeconds: 10, floorSeconds: 60, maxSeconds: 120, tolerancePercent: 5);

        Assert.False(rule.Settled(spentSeconds: 50, previousRate: 1000, rate: 1000));
        Assert.True(rule.Settled(spentSeconds: 60, previousRate: 1000, rate: 1050));
        Assert.False(rule.Settled(spentSeconds: 60, previousRate: 1000, rate: 1051));
        Assert.False(rule.Settled(spentSeconds: 60, previousRate: 0, rate: 1000));
        Assert.Equal(120, rule.CeilingSeconds);
    }

    [Fact]
    public void A_scenario_floor_beyond_the_ceiling_moves_the_ceiling_up() =>
        Assert.Equal(230, WarmUpRule.For(roundSeconds: 10, floorSeconds: 210, maxSeconds: 120, tolerancePercent: 5).CeilingSeconds);

    [Fact]
    public void A_read_passes_on_ratio_and_p99_with_no_errors()
    {
        var app = new Figures(Rate: 7000, P50Ms: 1, P99Ms: 4.99, MaxMs: 9, Errors: 0, Requests: 100_000);
        var kestrel = new Figures(10_000, 1, 2, 3, 0, 150_000);

        Assert.Equal(("0.70x", ">= 0.7x, p99 <= 5 ms", "**PASS**", false), Verdict.Judge(new HealthLive(), app, kestrel, drainFailed: false));
        Assert.Equal("**FAIL**", Verdict.Judge(new HealthLive(), app with { Errors = 1 }, kestrel, drainFailed: false).Result);
        Assert.Equal("**FAIL**", Verdict.Judge(new HealthLive(), app with { Rate = 6949 }, kestrel, drainFailed: false).Result);
    }

    [Fact]
    public void An_undrained_scenario_fails_and_one_without_targets_is_information()
    {
        var app = new Figures(3000, 1, 10, 20, 0, 50_000);

        Assert.True(Verdict.Judge(new JobsApply(), app, null, drainFailed: true).Failed);
        Assert.Equal(("-", "- (information)", "info, 2 errors", false), Verdict.Judge(new HealthReady(), app with { Errors = 2 }, null, drainFailed: false));
    }
}
