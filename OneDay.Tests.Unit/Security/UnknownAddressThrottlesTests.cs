using OneDay.Grains.Security;

namespace OneDay.Tests.Unit.Security;

public sealed class UnknownAddressThrottlesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_unknown_address_locks_like_an_account_nobody_signed_in_to()
    {
        var table = new UnknownAddressThrottles(capacity: 10);
        var account = new LoginThrottle();
        for (var i = 0; i < 12; i++)
        {
            var now = T0.AddMinutes(i);
            var source = $"198.51.100.{i}";
            var expected = account.LockedFor(source, now);
            if (expected is null)
            {
                account.RecordFailure(source, now);
            }

            Assert.Equal(expected, table.NoteFailure("key-a", source, now));
        }
    }

    [Fact]
    public void The_table_never_holds_more_than_its_capacity_and_keeps_what_is_in_use()
    {
        var table = new UnknownAddressThrottles(capacity: 100);
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            table.NoteFailure("hammered", "198.51.100.1", T0);
        }

        for (var i = 0; i < 5_000; i++)
        {
            table.NoteFailure($"made-up-{i}", "198.51.100.2", T0);
            if (i % 50 == 0)
            {
                Assert.NotNull(table.NoteFailure("hammered", "198.51.100.1", T0));
            }

            Assert.True(table.Count <= 100);
        }

        Assert.NotNull(table.NoteFailure("hammered", "198.51.100.1", T0));
    }

    [Fact]
    public void Throttles_with_nothing_left_to_remember_make_room()
    {
        var table = new UnknownAddressThrottles(capacity: 100);
        for (var i = 0; i < 100; i++)
        {
            table.NoteFailure($"made-up-{i}", "198.51.100.2", T0);
        }

        table.NoteFailure("later", "198.51.100.2", T0 + LoginThrottle.Window);
        Assert.Equal(1, table.Count);
    }
}
