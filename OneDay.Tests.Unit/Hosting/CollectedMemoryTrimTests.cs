using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Hosting;

public sealed class CollectedMemoryTrimTests
{
    private int _fullCollections;
    private int _trims;

    private CollectedMemoryTrim NewTrim() => new(new FakeTimeProvider(), NullLogger<CollectedMemoryTrim>.Instance, () => _fullCollections, () =>
    {
        _trims++;
        _fullCollections++;
    });

    private static void Deactivate(CollectedMemoryTrim trim, int count)
    {
        for (var i = 0; i < count; i++)
        {
            trim.OnDeactivated(null!);
        }
    }

    [Fact]
    public void A_quiet_silo_collects_once_after_a_burst_of_deactivations_and_not_again_until_the_next()
    {
        var trim = NewTrim();
        Deactivate(trim, CollectedMemoryTrim.Threshold - 1);
        Assert.False(trim.Check());

        Deactivate(trim, 1);
        Assert.True(trim.Check());
        Assert.False(trim.Check());
        Assert.Equal(1, _trims);

        Deactivate(trim, CollectedMemoryTrim.Threshold);
        Assert.True(trim.Check());
        Assert.Equal(2, _trims);
    }

    [Fact]
    public void A_full_collection_of_the_GCs_own_covers_the_deactivations_before_it()
    {
        var trim = NewTrim();
        Deactivate(trim, CollectedMemoryTrim.Threshold);
        _fullCollections++;

        Assert.False(trim.Check());
        Deactivate(trim, CollectedMemoryTrim.Threshold - 1);
        Assert.False(trim.Check());
        Assert.Equal(0, _trims);
    }
}
