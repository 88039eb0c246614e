using Microsoft.Extensions.Time.Testing;
using OneDay.Api.Security;

namespace OneDay.Tests.Unit.Security;

public sealed class AccountRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Each_account_and_address_pair_has_its_own_allowance_per_window()
    {
        var limiter = new AccountRateLimiter(limitPerMinute: 2, capacity: 100, _time);
        Assert.Null(limiter.TryAcquire("kim@x.dev", "192.0.2.1"));
        Assert.Null(limiter.TryAcquire("kim@x.dev", "192.0.2.1"));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(40), limiter.TryAcquire("kim@x.dev", "192.0.2.1"));
        Assert.Null(limiter.TryAcquire("kim@x.dev", "192.0.2.2"));
        Assert.Null(limiter.TryAcquire("lee@x.dev", "192.0.2.1"));

        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limiter.TryAcquire("kim@x.dev", "192.0.2.1"));
    }

    [Fact]
    public void A_flood_of_made_up_accounts_holds_at_most_the_capacity_and_is_gone_a_minute_later()
    {
        var limiter = new AccountRateLimiter(limitPerMinute: 1, capacity: 50, _time);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Null(limiter.TryAcquire($"nobody-{i}@x.dev", "198.51.100.1"));
        }

        Assert.Equal(50, limiter.TrackedKeys);
        // Keys counted before the table filled are still limited.
        Assert.NotNull(limiter.TryAcquire("nobody-0@x.dev", "198.51.100.1"));

        _time.Advance(AccountRateLimiter.Window);
        Assert.Equal(0, limiter.TrackedKeys);
    }
}
