using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Eventing;

/// <summary>Embedded mode's event store: cursor paging over the shared in-memory grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MemoryEventStoreTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Paging_by_cursor_returns_every_event_once_in_append_order()
    {
        var store = new MemoryEventStore(fixture.Cluster.Client);
        var aggregate = "memory-" + Guid.NewGuid().ToString("N");
        var appended = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            var domainEvent = DomainEvent.Create(new TestTicked(i), aggregate, DateTimeOffset.UtcNow);
            await store.AppendAsync(domainEvent);
            appended.Add(domainEvent.EventId);
        }

        var seen = new List<Guid>();
        long cursor = 0;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await store.QueryAsync(new EventQuery(aggregate, null, null, null, cursor, 7));
            seen.AddRange(page.Items.Select(e => e.EventId));
            if (page.NextAfterSequence is not { } next)
            {
                break;
            }

            cursor = next;
        }

        Assert.Equal(appended, seen);
        var afterLast = await store.QueryAsync(new EventQuery(null, null, null, null, long.MaxValue, 7));
        Assert.Empty(afterLast.Items);
    }
}
