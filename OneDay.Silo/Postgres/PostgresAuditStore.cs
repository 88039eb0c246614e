using System.Runtime.CompilerServices;
using Npgsql;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Security;

namespace OneDay.Silo.Postgres;

/// <summary>
/// The audit log in PostgreSQL (table oneday_audit_log, migration 0005), in the security domain's database, and
/// its pinned head (table oneday_audit_head, migration 0012).
/// </summary>
public sealed class PostgresAuditStore(NpgsqlDataSource dataSource) : IAuditStore, IAsyncDisposable
{
    private const string Columns = "seq, action, actor_id, subject_id, ip_address, details, occurred_at, previous_hash, hash, record_id, seal_version";

    public async Task<AuditEntry?> LastAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM oneday_audit_log ORDER BY seq DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<AuditHead?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seq, hash, keyed_from, mac FROM oneday_audit_head WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuditHead(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3))
            : null;
    }

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditHead? head, CancellationToken cancellationToken)
    {
        // One statement for the whole batch and the head: one round trip and one commit (fsync) however many
        // entries, and the head never pins entries that were not stored.
        const string insert = $"""
            INSERT INTO oneday_audit_log ({Columns})
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::uuid[], $11::smallint[])
            """;
        await using var command = dataSource.CreateCommand(head is null ? insert : $"""
            WITH appended AS ({insert})
            INSERT INTO oneday_audit_head AS h (id, seq, hash, keyed_from, mac) VALUES (1, $12, $13, $14, $15)
            ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, keyed_from = EXCLUDED.keyed_from, mac = EXCLUDED.mac
             WHERE h.seq < EXCLUDED.seq
            """);
        command.Parameters.AddWithValue(entries.Select(e => e.Sequence).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Action).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.ActorId).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.SubjectId).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.IpAddress).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Details).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.OccurredAt).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.PreviousHash).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.Hash).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => e.RecordId).ToArray());
        command.Parameters.AddWithValue(entries.Select(e => (short)e.SealVersion).ToArray());
        if (head is not null)
        {
            command.Parameters.AddWithValue(head.Sequence);
            command.Parameters.AddWithValue(head.Hash);
            command.Parameters.AddWithValue(head.KeyedFrom);
            command.Parameters.AddWithValue(head.Mac);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, long>> FindRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT record_id, seq FROM oneday_audit_log WHERE record_id = ANY($1)");
        command.Parameters.AddWithValue(recordIds.ToArray());
        var found = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return found;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await QueryEntriesAsync(query, cancellationToken);
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable("audit log", exception);
        }
    }

    private async Task<IReadOnlyList<AuditEntry>> QueryEntriesAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM oneday_audit_log
             WHERE seq > $1
               AND ($2::uuid IS NULL OR subject_id = $2 OR (actor_id = $2 AND actor_id IS DISTINCT FROM subject_id))
               AND ($3::timestamptz IS NULL OR occurred_at >= $3)
               AND ($4::timestamptz IS NULL OR occurred_at < $4)
             ORDER BY seq
             LIMIT $5
            """);
        command.Parameters.AddWithValue(query.AfterSequence ?? 0L);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.From ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.To ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue(query.Limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM oneday_audit_log ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static AuditEntry Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetGuid(2),
        r.IsDBNull(3) ? null : r.GetGuid(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetString(5),
        r.GetFieldValue<DateTimeOffset>(6),
        r.GetString(7),
        r.GetString(8),
        r.IsDBNull(9) ? null : r.GetGuid(9),
        r.GetInt16(10));
}
