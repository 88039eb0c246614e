using System.Text;
using Npgsql;
using NpgsqlTypes;
using OneDay.Grains.Infrastructure.Events.Store;
using OneDay.Grains.Interfaces.Infrastructure.Events;

namespace OneDay.Silo.EventStore;

/// <summary>Cluster mode's event store: the append-only table of migration 0006 in the analytics database.</summary>
public sealed class PostgresEventStore(NpgsqlDataSource dataSource) : IEventStore, IAsyncDisposable
{
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public async Task AppendAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO oneday_event_store
                (event_id, type, version, occurred_at, aggregate_id, correlation_id, causation_id, payload)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (event_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(domainEvent.EventId);
        command.Parameters.AddWithValue(domainEvent.Type);
        command.Parameters.AddWithValue(domainEvent.Version);
        command.Parameters.AddWithValue(domainEvent.OccurredAt.ToUniversalTime());
        command.Parameters.AddWithValue(domainEvent.AggregateId);
        command.Parameters.AddWithValue((object?)domainEvent.CorrelationId ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)domainEvent.CausationId ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = EventPayloadJson.Serialize(domainEvent.Payload) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder(
            "SELECT sequence, event_id, type, version, occurred_at, aggregate_id, correlation_id, causation_id, " +
            "payload::text, recorded_at FROM oneday_event_store WHERE sequence > $1");
        await using var command = dataSource.CreateCommand();
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

        return EventPages.Of(rows, query.Limit);
    }
}
