using OneDay.Api.Health;
using OneDay.Api.Hosting;
using OneDay.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Hosting;

public sealed class ReadinessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_recent_success_is_ready()
    {
        Assert.True(ReadinessRules.IsReady(new ReadinessResult(true, Now - Interval), Now, Interval));
        Assert.True(ReadinessRules.IsReady(new ReadinessResult(true, Now - ReadinessRules.MaxAge(Interval)), Now, Interval));
    }

    [Fact]
    public void A_failure_no_result_yet_or_a_stale_success_is_not_ready()
    {
        Assert.False(ReadinessRules.IsReady(new ReadinessResult(false, Now), Now, Interval));
        Assert.False(ReadinessRules.IsReady(null, Now, Interval));
        var stale = Now - ReadinessRules.MaxAge(Interval) - TimeSpan.FromMilliseconds(1);
        Assert.False(ReadinessRules.IsReady(new ReadinessResult(true, stale), Now, Interval));
    }

    [Fact]
    public void The_success_lasts_two_intervals_plus_a_probe_timeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), ReadinessRules.MaxAge(Interval));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    [InlineData("often")]
    public void An_invalid_probe_interval_stops_the_gateway_at_start(string seconds)
    {
        // A value out of range and one the binder cannot convert end the same way: the start-up error, naming the key.
        var error = Assert.Throws<OneDayConfigurationException>(() => GatewayApp.Create(
            ["--urls=http://127.0.0.1:0", "--OneDay:Mode=Embedded", $"--OneDay:Health:ReadinessIntervalSeconds={seconds}"],
            coHostSilo: EmbeddedSilo.CoHost));
        Assert.Contains("ReadinessIntervalSeconds", error.Message, StringComparison.Ordinal);
    }
}
