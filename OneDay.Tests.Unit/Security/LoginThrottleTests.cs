using OneDay.Grains.Security;

namespace OneDay.Tests.Unit.Security;

public sealed class LoginThrottleTests
{
    private const string Home = "203.0.113.7";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Five_failures_from_anywhere_lock_strangers_out_for_fifteen_minutes_but_not_a_known_address()
    {
        var throttle = new LoginThrottle();
        throttle.RecordSuccess(Home, T0);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(throttle.RecordFailure($"198.51.100.{i}", T0.AddMinutes(i)));
        }

        Assert.Equal(T0.AddMinutes(19), throttle.RecordFailure("198.51.100.4", T0.AddMinutes(4)));
        Assert.Equal(T0.AddMinutes(19), throttle.LockedFor("198.51.100.200", T0.AddMinutes(18)));
        Assert.Null(throttle.LockedFor(Home, T0.AddMinutes(5)));
        Assert.Null(throttle.LockedFor("198.51.100.200", T0.AddMinutes(19)));
    }

    [Fact]
    public void A_known_address_has_a_lock_of_its_own()
    {
        var throttle = new LoginThrottle();
        throttle.RecordSuccess(Home, T0);
        throttle.RecordSuccess("192.0.2.1", T0);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(throttle.RecordFailure(Home, T0.AddMinutes(1)));
        }

        Assert.Equal(T0.AddMinutes(17), throttle.RecordFailure(Home, T0.AddMinutes(2)));
        Assert.Equal(T0.AddMinutes(17), throttle.LockedFor(Home, T0.AddMinutes(3)));
        Assert.Null(throttle.LockedFor("192.0.2.1", T0.AddMinutes(3)));
        Assert.Null(throttle.LockedFor(Home, T0.AddMinutes(17)));
    }

    [Fact]
    public void Each_lock_in_a_row_doubles_up_to_a_day_and_a_quiet_day_starts_over()
    {
        var throttle = new LoginThrottle();
        var now = T0;
        foreach (var minutes in (int[])[15, 30, 60, 120, 240, 480, 960, 1440, 1440])
        {
            var lockout = TimeSpan.FromMinutes(minutes);
            Assert.Equal(now + lockout, FailFiveTimes(throttle, now));
            now += lockout;
        }

        now += LoginThrottle.LockoutMemory;
        Assert.Equal(now + LoginThrottle.LockoutDuration, FailFiveTimes(throttle, now));
    }

    [Fact]
    public void Changing_addresses_never_get_more_than_five_guesses_in_fifteen_minutes()
    {
        // An attacker with endless addresses tries every ten seconds for two days.
        var throttle = new LoginThrottle();
        throttle.RecordSuccess(Home, T0);
        var guesses = new List<DateTimeOffset>();
        for (var now = T0; now < T0.AddDays(2); now = now.AddSeconds(10))
        {
            var source = $"10.{guesses.Count / 250}.{guesses.Count % 250}.1";
            if (throttle.LockedFor(source, now) is null)
            {
                guesses.Add(now);
                throttle.RecordFailure(source, now);
            }
        }

        Assert.All(guesses, g => Assert.True(guesses.Count(o => o >= g && o < g + LoginThrottle.Window) <= LoginThrottle.MaxFailures));
        // The old rule allowed five per quarter hour, 960 in two days; doubling leaves a few dozen.
        Assert.InRange(guesses.Count, 5, 60);
        Assert.Null(throttle.LockedFor(Home, T0.AddDays(2)));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_count()
    {
        var throttle = new LoginThrottle();
        for (var i = 0; i < 4; i++)
        {
            throttle.RecordFailure(null, T0);
        }

        Assert.Null(throttle.RecordFailure(null, T0.AddMinutes(15).AddSeconds(1)));
        Assert.Null(throttle.LockedFor(null, T0.AddMinutes(16)));
    }

    [Fact]
    public void A_success_clears_its_own_address_and_leaves_the_account_count_alone()
    {
        var throttle = new LoginThrottle();
        throttle.RecordSuccess(Home, T0);
        for (var i = 0; i < 4; i++)
        {
            throttle.RecordFailure(Home, T0);
        }

        throttle.RecordSuccess(Home, T0.AddMinutes(1));
        Assert.Null(throttle.RecordFailure(Home, T0.AddMinutes(2)));
        Assert.Null(throttle.LockedFor(Home, T0.AddMinutes(2)));
        // Those were five failures for the account all the same: strangers are locked.
        Assert.NotNull(throttle.LockedFor("198.51.100.1", T0.AddMinutes(2)));
    }

    [Fact]
    public void Known_addresses_are_bounded_and_forgotten_after_thirty_days()
    {
        var throttle = new LoginThrottle();
        for (var i = 0; i < 25; i++)
        {
            throttle.RecordSuccess($"192.0.2.{i}", T0.AddMinutes(i));
        }

        Assert.Equal(LoginThrottle.MaxKnownSources, throttle.KnownSources.Count);
        Assert.Contains("192.0.2.24", throttle.KnownSources.Keys);
        Assert.DoesNotContain("192.0.2.0", throttle.KnownSources.Keys);

        // A null address (unknown caller) is never remembered.
        throttle.RecordSuccess(null, T0.AddMinutes(30));
        Assert.Equal(LoginThrottle.MaxKnownSources, throttle.KnownSources.Count);

        throttle.RecordSuccess(Home, T0.AddDays(31));
        Assert.Equal([Home], throttle.KnownSources.Keys);
    }

    [Fact]
    public void A_throttle_is_idle_once_nothing_in_it_can_matter()
    {
        var throttle = new LoginThrottle();
        Assert.True(throttle.IsIdle(T0));
        throttle.RecordFailure(null, T0);
        Assert.False(throttle.IsIdle(T0.AddMinutes(14)));
        Assert.True(throttle.IsIdle(T0.AddMinutes(15)));

        var locked = FailFiveTimes(throttle, T0.AddHours(1))!.Value;
        Assert.False(throttle.IsIdle(locked.AddHours(23)));
        Assert.True(throttle.IsIdle(locked + LoginThrottle.LockoutMemory));
    }

    private static DateTimeOffset? FailFiveTimes(LoginThrottle throttle, DateTimeOffset now)
    {
        DateTimeOffset? locked = null;
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.Null(throttle.LockedFor("198.51.100.9", now));
            locked = throttle.RecordFailure("198.51.100.9", now);
        }

        return locked;
    }
}
