using System.Text;
using Npgsql;
using NpgsqlTypes;
using OneDay.Grains.Batching;
using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Silo.Postgres;

/// <summary>Cluster mode's event store: the append-only table of migration 0006 in the analytics database.</summary>
/// <remarks>
/// Appends are group-committed (<see cref="GroupCommitWriter{T}"/>): under load every publishing grain
/// appends one event at a time, and a transaction per event made the commit fsync the store's main cost.
/// </remarks>
public sealed class PostgresEventStore : IEventStore, IAsyncDisposable
{
    public const int MaxBatch = 500;
    public const int MaxWaiting = 10 * MaxBatch;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitWriter<Row> _writer;

    public PostgresEventStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _writer = new GroupCommitWriter<Row>(InsertAsync, MaxBatch, MaxWaiting, IsAboutTheRows, "event store");
    }

    /// <summary>INSERT statements issued so far; with concurrent appends, fewer than the events appended.</summary>
    public long InsertStatements => _writer.Writes;

    public async ValueTask DisposeAsync()
    {
        // Pending appends are stored (or fail) before the connections go.
        await _writer.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    public Task AppendAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default) =>
        // Serialised here, not in the batch, so an unserialisable payload fails only its own caller.
        _writer.WriteAsync(
            new Row(
                domainEvent.EventId, domainEvent.Type, domainEvent.Version, domainEvent.OccurredAt.ToUniversalTime(),
                domainEvent.AggregateId, domainEvent.CorrelationId, domainEvent.CausationId,
                EventPayloadJson.Serialize(domainEvent.Payload)),
            cancellationToken);

    private async Task InsertAsync(IReadOnlyList<Row> rows)
    {
        // One statement, so one implicit transaction: the batch commits whole or not at all. ORDER BY the
        // array position gives rows their sequence in append order. ON CONFLICT keeps redeliveries (even
        // two copies within one batch) harmless.
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO oneday_event_store
                (event_id, type, version, occurred_at, aggregate_id, correlation_id, causation_id, payload)
            SELECT r.event_id, r.type, r.version, r.occurred_at, r.aggregate_id, r.correlation_id, r.causation_id, r.payload::jsonb
              FROM unnest($1::uuid[], $2::text[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[])
                   WITH ORDINALITY AS r(event_id, type, version, occurred_at, aggregate_id, correlation_id, causation_id, payload, position)
             ORDER BY r.position
            ON CONFLICT (event_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(rows.Select(r => r.EventId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Type).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Version).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.OccurredAt).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.AggregateId).ToArray());
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => r.CorrelationId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => r.CausationId).ToArray() });
        command.Parameters.AddWithValue(rows.Select(r => r.PayloadJson).ToArray());
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    // Data (22) and integrity (23) errors come from a row's content, not from the database being unreachable.
    private static bool IsAboutTheRows(Exception exception) =>
        exception is PostgresException { SqlState: [ '2', '2' or '3', ..] };

    public async Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        try
        {
            return await QueryRowsAsync(query, cancellationToken);
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable("event store", exception);
        }
    }

    /// <summary>How far behind the head a tailing reader stays: longer than any append transaction takes to commit.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<StoredEvent>> ReadSettledAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            // Sequences are taken at insert, commits land in any order: a row younger than SettleTime may still have
            // an older sequence committing behind it, so it waits for the next read.
            await using var command = _dataSource.CreateCommand(
                "SELECT sequence, event_id, type, version, occurred_at, aggregate_id, correlation_id, causation_id, " +
                "payload::text, recorded_at FROM oneday_event_store WHERE sequence > $1 AND recorded_at < now() - $2 " +
                "ORDER BY sequence LIMIT $3");
            command.Parameters.AddWithValue(afterSequence);
            command.Parameters.AddWithValue(SettleTime);
            command.Parameters.AddWithValue(limit);
            return await ReadRowsAsync(command, cancellationToken);
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable("event store", exception);
        }
    }

    private async Task<EventPage> QueryRowsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(
            "SELECT sequence, event_id, type, version, occurred_at, aggregate_id, correlation_id, causation_id, " +
            "payload::text, recorded_at FROM oneday_event_store WHERE sequence > $1");
        await using var command = _dataSource.CreateCommand();
        command.Parameters.AddWithValue(query.AfterSequence);
        void Filter(string clause, object value)
        {
            command.Parameters.AddWithValue(value);
            sql.Append(" AND ").Append(clause).Append(" $").Append(command.Parameters.Count);
        }

        if (query.AggregateId is not null)
        {
            Filter("aggregate_id =", query.AggregateId);
        }

        if (query.Type is not null)
        {
            Filter("type =", query.Type);
        }

        if (query.From is { } from)
        {
            Filter("occurred_at >=", from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            Filter("occurred_at <", to.ToUniversalTime());
        }

        command.Parameters.AddWithValue(query.Limit + 1);
        sql.Append(" ORDER BY sequence LIMIT $").Append(command.Parameters.Count);
        command.CommandText = sql.ToString();
        return EventPages.Of(await ReadRowsAsync(command, cancellationToken), query.Limit);
    }

    private static async Task<List<StoredEvent>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredEvent(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return rows;
    }

    private sealed record Row(
        Guid EventId, string Type, int Version, DateTimeOffset OccurredAt, string AggregateId,
        string? CorrelationId, string? CausationId, string PayloadJson);
}
