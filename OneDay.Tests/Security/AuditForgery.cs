using Npgsql;
using OneDay.Grains.Interfaces.Security;
using OneDay.Silo.Postgres;

namespace OneDay.Tests.Security;

/// <summary>
/// What someone with write access to the audit table can do without the silos' key: read, write and rewrite
/// rows directly, for instance with entries sealed by <see cref="Unit.Security.UnkeyedSeal"/>.
/// </summary>
internal static class AuditForgery
{
    public static async Task<List<AuditEntry>> ReadAllAsync(string db)
    {
        await using var store = new PostgresAuditStore(NpgsqlDataSource.Create(db));
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadAllAsync(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Writes rows the way the pre-keyed log did: its columns only, so the seal version is the column's default.</summary>
    public static async Task InsertAsLegacyAsync(string db, IEnumerable<AuditEntry> entries)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        foreach (var e in entries)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO oneday_audit_log (seq, action, actor_id, subject_id, ip_address, details, occurred_at, previous_hash, hash, record_id) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", connection);
            insert.Parameters.AddWithValue(e.Sequence);
            insert.Parameters.AddWithValue(e.Action);
            insert.Parameters.AddWithValue((object?)e.ActorId ?? DBNull.Value);
            insert.Parameters.AddWithValue((object?)e.SubjectId ?? DBNull.Value);
            insert.Parameters.AddWithValue((object?)e.IpAddress ?? DBNull.Value);
            insert.Parameters.AddWithValue(e.Details);
            insert.Parameters.AddWithValue(e.OccurredAt);
            insert.Parameters.AddWithValue(e.PreviousHash);
            insert.Parameters.AddWithValue(e.Hash);
            insert.Parameters.AddWithValue((object?)e.RecordId ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Overwrites stored rows with <paramref name="forged"/>, past the append-only trigger (as the table's owner can).</summary>
    public static async Task OverwriteAsync(string db, IEnumerable<AuditEntry> forged)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await Execute(connection, "ALTER TABLE oneday_audit_log DISABLE TRIGGER oneday_audit_log_append_only");
        foreach (var e in forged)
        {
            await using var update = new NpgsqlCommand(
                "UPDATE oneday_audit_log SET details = $2, previous_hash = $3, hash = $4, seal_version = $5 WHERE seq = $1", connection);
            update.Parameters.AddWithValue(e.Sequence);
            update.Parameters.AddWithValue(e.Details);
            update.Parameters.AddWithValue(e.PreviousHash);
            update.Parameters.AddWithValue(e.Hash);
            update.Parameters.AddWithValue((short)e.SealVersion);
            await update.ExecuteNonQueryAsync();
        }

        await Execute(connection, "ALTER TABLE oneday_audit_log ENABLE TRIGGER oneday_audit_log_append_only");
    }

    public static async Task DeleteFromAsync(string db, long fromSequence)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await Execute(connection, "ALTER TABLE oneday_audit_log DISABLE TRIGGER oneday_audit_log_append_only");
        await Execute(connection, $"DELETE FROM oneday_audit_log WHERE seq >= {fromSequence}");
        await Execute(connection, "ALTER TABLE oneday_audit_log ENABLE TRIGGER oneday_audit_log_append_only");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
