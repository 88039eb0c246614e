using OneDay.Grains.Eventing;

namespace OneDay.Tests.Unit.Eventing;

public sealed class ProcessedEventWindowTests
{
    [Fact]
    public void Remembers_the_newest_ids_up_to_its_capacity()
    {
        var window = new ProcessedEventWindow { Capacity = 3 };
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var id in ids)
        {
            window.Add(id);
        }

        window.Add(ids[3]);
        Assert.False(window.Contains(ids[0]));
        Assert.All(ids[1..], id => Assert.True(window.Contains(id)));
        Assert.Equal(3, window.Ids.Count);
    }

    [Fact]
    public void A_window_read_back_from_storage_knows_its_ids()
    {
        var id = Guid.NewGuid();
        // Storage restores only the queue; the lookup index is rebuilt from it on first use.
        var restored = new ProcessedEventWindow { Ids = new Queue<Guid>([id]) };

        Assert.True(restored.Contains(id));
        Assert.False(restored.Contains(Guid.NewGuid()));
    }
}
