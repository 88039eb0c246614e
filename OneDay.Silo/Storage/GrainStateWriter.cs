using Npgsql;
using NpgsqlTypes;
using OneDay.Silo.EventStore;

namespace OneDay.Silo.Storage;

/// <summary>
/// Group commit of grain state writes: everything queued while a batch is in flight goes to PostgreSQL
/// in the next one, as one <see cref="NpgsqlBatch"/> (one round trip, one implicit transaction, one WAL
/// flush) with a command per write. Each command is conditional on its write's expected version, and its
/// own affected-row count says whether that write matched; a mismatch changes nothing and does not stop
/// the other commands, so only that caller sees the conflict.
/// </summary>
internal sealed class GrainStateWriter : IAsyncDisposable
{
    // ON CONFLICT DO NOTHING: a row that already exists (live or cleared) means the writer's view is stale.
    // A concurrent insert of the same key makes this wait for that transaction, then affect no row.
    private const string InsertSql =
        "INSERT INTO oneday_grain_state (service_id, provider, state_name, grain_id, version, payload) " +
        "VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT DO NOTHING";

    // Under READ COMMITTED an UPDATE blocked by a concurrent one re-checks the version after that commits,
    // so of two writers holding the same ETag exactly one affects the row.
    private const string UpdateSql =
        "UPDATE oneday_grain_state SET version = version + 1, payload = $5, updated_at = now() " +
        "WHERE service_id = $1 AND provider = $2 AND state_name = $3 AND grain_id = $4 AND version = $6";

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitWriter<GrainStateWrite> _writer;

    public GrainStateWriter(NpgsqlDataSource dataSource, int maxBatch, int maxWaiting)
    {
        _dataSource = dataSource;
        _writer = new GroupCommitWriter<GrainStateWrite>(WriteBatchAsync, maxBatch, maxWaiting, IsAboutTheRows);
    }

    /// <summary>Batches sent so far; under concurrency far fewer than writes.</summary>
    public long Batches => _writer.Writes;

    /// <summary>Completes once the batch holding <paramref name="write"/> committed; then read its <see cref="GrainStateWrite.StoredVersion"/>.</summary>
    public Task WriteAsync(GrainStateWrite write) => _writer.WriteAsync(write);

    /// <summary>Stores what is queued, then refuses more.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task WriteBatchAsync(IReadOnlyList<GrainStateWrite> writes)
    {
        // Rows are locked in key order, so batches from two silos that touch the same rows (a duplicate
        // activation) wait for each other instead of deadlocking. The sort is stable: writes of one grain
        // keep their order and each one's version check sees the one before it.
        var ordered = writes.Count == 1
            ? writes
            : writes.OrderBy(w => w.Key.StateName, StringComparer.Ordinal).ThenBy(w => w.Key.GrainId, StringComparer.Ordinal).ToArray();

        await using var batch = _dataSource.CreateBatch();
        foreach (var write in ordered)
        {
            batch.BatchCommands.Add(CommandFor(write));
        }

        await batch.ExecuteNonQueryAsync(CancellationToken.None);

        // Only after the commit: a failed batch leaves every write without a result.
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].StoredVersion = batch.BatchCommands[i].RecordsAffected == 1 ? ordered[i].NextVersion : null;
        }
    }

    private static NpgsqlBatchCommand CommandFor(GrainStateWrite write)
    {
        var command = new NpgsqlBatchCommand(write.ExpectedVersion is null ? InsertSql : UpdateSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = write.Key.ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = write.Key.Provider });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = write.Key.StateName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = write.Key.GrainId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)write.Payload ?? DBNull.Value });
        if (write.ExpectedVersion is { } expected)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        }

        return command;
    }

    // A data (22), integrity (23) or size (54) error comes from one write's content, and a serialization
    // failure or deadlock (40) from an unlucky mix of writes: alone, the other writes can still commit.
    // Anything else (the database unreachable, shutting down) would fail them one by one just the same.
    private static bool IsAboutTheRows(Exception exception) =>
        exception is PostgresException { SqlState: ['2', '2' or '3', ..] or ['4', '0', ..] or ['5', '4', ..] };
}
