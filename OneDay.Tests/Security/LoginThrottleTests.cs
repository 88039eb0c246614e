using OneDay.Grains.Security;

namespace OneDay.Tests.Security;

public sealed class LoginThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Five_failures_within_the_window_lock_for_fifteen_minutes()
    {
        var throttle = new LoginThrottle();
        for (var i = 0; i < 4; i++)
        {
            Assert.False(throttle.RecordFailure(T0.AddMinutes(i)));
        }

        Assert.True(throttle.RecordFailure(T0.AddMinutes(4)));
        Assert.True(throttle.IsLocked(T0.AddMinutes(18)));
        Assert.False(throttle.IsLocked(T0.AddMinutes(19)));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_count()
    {
        var throttle = new LoginThrottle();
        for (var i = 0; i < 4; i++)
        {
            throttle.RecordFailure(T0);
        }

        Assert.False(throttle.RecordFailure(T0.AddMinutes(15).AddSeconds(1)));
        Assert.False(throttle.IsLocked(T0.AddMinutes(16)));
    }

    [Fact]
    public void A_success_forgets_earlier_failures()
    {
        var throttle = new LoginThrottle();
        for (var i = 0; i < 4; i++)
        {
            throttle.RecordFailure(T0);
        }

        throttle.RecordSuccess();
        Assert.False(throttle.RecordFailure(T0.AddMinutes(1)));
    }
}
