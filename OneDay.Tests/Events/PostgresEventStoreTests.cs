using Npgsql;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using OneDay.Silo.EventStore;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Events;

/// <summary>The cluster-mode event store on the migrated schema (0006): idempotent appends, append-only rows.</summary>
[Collection(EventsCollection.Name)]
public sealed class PostgresEventStoreTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task Appending_the_same_event_twice_stores_it_once()
    {
        await using var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        var domainEvent = DomainEvent.Create(new TestTicked(7), "pg-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, "corr-1");

        await store.AppendAsync(domainEvent);
        await store.AppendAsync(domainEvent);

        var page = await store.QueryAsync(new EventQuery(domainEvent.AggregateId, null, null, null, 0, 10));
        var stored = Assert.Single(page.Items);
        Assert.Equal((domainEvent.EventId, "analytics.test-ticked", "corr-1"), (stored.EventId, stored.Type, stored.CorrelationId));
        Assert.Equal(7, System.Text.Json.JsonDocument.Parse(stored.PayloadJson).RootElement.GetProperty("sequence").GetInt32());
        Assert.Null(page.NextAfterSequence);
    }

    [Theory]
    [InlineData("UPDATE oneday_event_store SET type = 'x'")]
    [InlineData("DELETE FROM oneday_event_store")]
    public async Task Stored_events_cannot_be_changed_or_deleted(string sql)
    {
        await using var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        await store.AppendAsync(DomainEvent.Create(new TestTicked(1), "pg-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow));
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }
}
