using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

public sealed class RecentReadsTests
{
    [Fact]
    public void A_value_is_fresh_for_its_window_and_kept_after_it()
    {
        var reads = new RecentReads<string>(capacity: 4, freshFor: 250);
        reads.Put("a", "one", now: 1000);
        Assert.True(reads.TryGetFresh("a", 1249, out var fresh));
        Assert.Equal("one", fresh);
        Assert.False(reads.TryGetFresh("a", 1250, out _));
        Assert.Equal("one", reads.Last("a"));
        Assert.Null(reads.Last("b"));
    }

    [Fact]
    public void When_full_it_drops_what_expired_first()
    {
        var reads = new RecentReads<string>(capacity: 4, freshFor: 250);
        reads.Put("old-1", "x", now: 0);
        reads.Put("old-2", "x", now: 0);
        reads.Put("new-1", "x", now: 1000);
        reads.Put("new-2", "x", now: 1000);
        reads.Put("new-3", "x", now: 1100);
        Assert.Equal(3, reads.Count);
        Assert.Null(reads.Last("old-1"));
        Assert.NotNull(reads.Last("new-1"));
    }

    [Fact]
    public void It_never_holds_more_than_its_capacity_however_many_places_are_searched()
    {
        var reads = new RecentReads<string>(capacity: 100, freshFor: 250);
        for (var i = 0; i < 100_000; i++)
        {
            // All fresh: nothing expires, so the bound alone keeps it small.
            reads.Put("cell-" + i, "x", now: 5);
            Assert.InRange(reads.Count, 1, 100);
        }

        reads.Put("cell-99999", "y", now: 5);
        Assert.Equal("y", reads.Last("cell-99999"));
    }
}
