using Npgsql;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Silo.Postgres;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Eventing;

/// <summary>
/// The cluster-mode event store on the migrated schema (0006, 0011): idempotent appends, append-only rows,
/// group commit (concurrent appends share INSERT statements without losing durability, order or isolation),
/// and commits in sequence order, so paging by sequence never skips a row.
/// </summary>
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

    [Fact]
    public async Task Concurrent_appends_are_stored_exactly_once_in_fewer_statements_than_appends()
    {
        await using var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        var aggregate = "pg-group-" + Guid.NewGuid().ToString("N");
        var events = Enumerable.Range(0, 2_000)
            .Select(i => DomainEvent.Create(new TestTicked(i), aggregate, DateTimeOffset.UtcNow))
            .ToArray();

        // Every event twice, concurrently: redeliveries may land in the same batch as the original.
        await Task.WhenAll(events.Concat(events).Select(e => Task.Run(() => store.AppendAsync(e))));

        var (rows, distinct) = await CountAsync(aggregate);
        Assert.Equal((events.Length, events.Length), (rows, distinct));
        Assert.InRange(store.InsertStatements, 2 * events.Length / PostgresEventStore.MaxBatch, events.Length);
    }

    [Fact]
    public async Task Each_aggregates_events_are_stored_in_the_order_they_were_appended()
    {
        // As outboxes append: one aggregate's next event only after its previous one is stored,
        // many aggregates at once so their events share batches.
        await using var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        var prefix = "pg-order-" + Guid.NewGuid().ToString("N");
        const int Aggregates = 40, PerAggregate = 25;
        await Task.WhenAll(Enumerable.Range(0, Aggregates).Select(a => Task.Run(async () =>
        {
            for (var i = 0; i < PerAggregate; i++)
            {
                await store.AppendAsync(DomainEvent.Create(new TestTicked(i), $"{prefix}-{a}", DateTimeOffset.UtcNow));
            }
        })));

        for (var a = 0; a < Aggregates; a++)
        {
            var page = await store.QueryAsync(new EventQuery($"{prefix}-{a}", null, null, null, 0, PerAggregate + 1));
            var sequences = page.Items.Select(e => System.Text.Json.JsonDocument.Parse(e.PayloadJson).RootElement.GetProperty("sequence").GetInt32());
            Assert.Equal(Enumerable.Range(0, PerAggregate), sequences);
        }

        Assert.True(store.InsertStatements < Aggregates * PerAggregate, $"{store.InsertStatements} statements");
    }

    [Fact]
    public async Task A_row_the_database_rejects_fails_only_its_own_append()
    {
        await using var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        var aggregate = "pg-poison-" + Guid.NewGuid().ToString("N");
        var good = Enumerable.Range(0, 300).Select(i => DomainEvent.Create(new TestTicked(i), aggregate, DateTimeOffset.UtcNow)).ToArray();
        // type is varchar(200): the whole multi-row INSERT fails on this one row.
        var poison = DomainEvent.Create(new TestTicked(-1), aggregate, DateTimeOffset.UtcNow) with { Type = "analytics." + new string('x', 300) };

        var goodAppends = good.Select(e => Task.Run(() => store.AppendAsync(e))).ToArray();
        var poisonAppend = Task.Run(() => store.AppendAsync(poison));
        await Task.WhenAll(goodAppends);

        var error = await Assert.ThrowsAsync<PostgresException>(() => poisonAppend);
        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, error.SqlState);
        Assert.Equal((good.Length, good.Length), await CountAsync(aggregate));
    }

    [Fact]
    public async Task A_batch_that_cannot_reach_the_database_faults_its_callers_and_later_appends_still_work()
    {
        var aggregate = "pg-down-" + Guid.NewGuid().ToString("N");
        var unreachable = new NpgsqlConnectionStringBuilder(fixture.Database) { Database = "no_such_database_" + Guid.NewGuid().ToString("N")[..8] };
        await using (var down = new PostgresEventStore(NpgsqlDataSource.Create(unreachable.ConnectionString)))
        {
            var appends = Enumerable.Range(0, 50)
                .Select(i => Task.Run(() => down.AppendAsync(DomainEvent.Create(new TestTicked(i), aggregate, DateTimeOffset.UtcNow))))
                .ToArray();
            foreach (var append in appends)
            {
                await Assert.ThrowsAsync<PostgresException>(() => append);
            }
        }

        await using var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        await store.AppendAsync(DomainEvent.Create(new TestTicked(0), aggregate, DateTimeOffset.UtcNow));
        Assert.Equal((1, 1), await CountAsync(aggregate));
    }

    [Fact]
    public async Task Disposing_the_store_stores_what_was_pending_and_refuses_later_appends()
    {
        var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        var aggregate = "pg-stop-" + Guid.NewGuid().ToString("N");
        var appends = Enumerable.Range(0, 1_200)
            .Select(i => store.AppendAsync(DomainEvent.Create(new TestTicked(i), aggregate, DateTimeOffset.UtcNow)))
            .ToArray();

        await store.DisposeAsync();

        await Task.WhenAll(appends);
        Assert.Equal((appends.Length, appends.Length), await CountAsync(aggregate));
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => store.AppendAsync(DomainEvent.Create(new TestTicked(0), aggregate, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task A_reader_paging_while_an_earlier_append_is_uncommitted_never_skips_it()
    {
        // Two writers, as two silos' stores are: this open transaction stands for a silo whose batch drew its
        // sequence first and has not committed yet; the store appends after it.
        var aggregate = "pg-late-" + Guid.NewGuid().ToString("N");
        await using var store = new PostgresEventStore(NpgsqlDataSource.Create(fixture.Database));
        await using var slow = new NpgsqlConnection(fixture.Database);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        var early = Guid.CreateVersion7();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO oneday_event_store (event_id, type, version, occurred_at, aggregate_id, payload)
            VALUES ($1, 'analytics.test-ticked', 1, now(), $2, '{"sequence": 0}')
            """, slow, transaction))
        {
            insert.Parameters.AddWithValue(early);
            insert.Parameters.AddWithValue(aggregate);
            await insert.ExecuteNonQueryAsync();
        }

        var laterEvent = DomainEvent.Create(new TestTicked(1), aggregate, DateTimeOffset.UtcNow);
        var later = store.AppendAsync(laterEvent);
        // Room for the later append to commit ahead of the open one, which it did before commits were ordered.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var firstPage = await store.QueryAsync(new EventQuery(aggregate, null, null, null, 0, 10));
        await transaction.CommitAsync();
        await later.WaitAsync(TimeSpan.FromSeconds(30));
        var cursor = firstPage.Items.Count > 0 ? firstPage.Items[^1].Sequence : 0;
        var nextPage = await store.QueryAsync(new EventQuery(aggregate, null, null, null, cursor, 10));

        Assert.Equal([early, laterEvent.EventId], firstPage.Items.Concat(nextPage.Items).Select(e => e.EventId));
    }

    private async Task<(int Rows, int Distinct)> CountAsync(string aggregateId)
    {
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT event_id) FROM oneday_event_store WHERE aggregate_id = $1", connection);
        command.Parameters.AddWithValue(aggregateId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}
