using Npgsql;
using NpgsqlTypes;
using OneDay.Grains.Batching;

namespace OneDay.Silo.Postgres.GrainStorage;

/// <summary>
/// Group commit of one provider's grain state writes: everything queued while a batch is in flight goes
/// to PostgreSQL in the next one, as one <see cref="NpgsqlBatch"/> (one round trip, one implicit
/// transaction, one WAL flush). Every write is conditional on its expected version, and the rows each
/// statement returns say which writes matched; a mismatch changes nothing and does not stop the others,
/// so only that caller sees the conflict.
/// </summary>
/// <remarks>
/// A batch is one INSERT (writes that expect no row) and one UPDATE (writes that expect a version) over
/// arrays, not a statement per write: executing hundreds of statements cost PostgreSQL more CPU than the
/// rows themselves, on the cores the silo needs. One statement may touch a row only once, so a grain
/// written twice in one batch (a reentrant grain) has its second write in a second pair of statements of
/// the same transaction, which sees the first one's version.
/// </remarks>
internal sealed class GrainStateWriter : IAsyncDisposable
{
    // ON CONFLICT DO NOTHING: a row that already exists (live or cleared) means the writer's view is stale.
    // A concurrent insert of the same key makes this wait for that transaction, then skip the row.
    private const string InsertSql = """
        INSERT INTO oneday_grain_state (service_id, provider, state_name, grain_id, version, payload)
        SELECT $1, $2, w.state_name, w.grain_id, 1, w.payload
          FROM unnest($3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY AS w(state_name, grain_id, payload, position)
         ORDER BY w.position
        ON CONFLICT DO NOTHING
        RETURNING state_name, grain_id
        """;

    // Under READ COMMITTED a row updated concurrently is re-checked against its new version once that
    // commits, so of two writers holding the same ETag exactly one changes the row.
    private const string UpdateSql = """
        UPDATE oneday_grain_state AS s
           SET version = s.version + 1, payload = w.payload, updated_at = now()
          FROM unnest($3::text[], $4::text[], $5::bytea[], $6::bigint[]) AS w(state_name, grain_id, payload, version)
         WHERE s.service_id = $1 AND s.provider = $2 AND s.state_name = w.state_name AND s.grain_id = w.grain_id
           AND s.version = w.version
        RETURNING s.state_name, s.grain_id
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly string _provider;
    private readonly GroupCommitWriter<GrainStateWrite> _writer;

    public GrainStateWriter(NpgsqlDataSource dataSource, string serviceId, string provider, int maxBatch, int maxWaiting)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        _provider = provider;
        _writer = new GroupCommitWriter<GrainStateWrite>(WriteBatchAsync, maxBatch, maxWaiting, IsAboutTheRows, "grain state");
    }

    /// <summary>Batches sent so far (one round trip each); under concurrency far fewer than writes.</summary>
    public long Batches => _writer.Writes;

    /// <summary>Completes once the batch holding <paramref name="write"/> committed; then read its <see cref="GrainStateWrite.StoredVersion"/>.</summary>
    public Task WriteAsync(GrainStateWrite write) => _writer.WriteAsync(write);

    /// <summary>Stores what is queued, then refuses more.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task WriteBatchAsync(IReadOnlyList<GrainStateWrite> writes)
    {
        var statements = new List<GrainStateWrite[]>(2);
        await using var batch = _dataSource.CreateBatch();
        foreach (var round in Rounds(writes))
        {
            Add(batch, statements, round.Where(w => w.ExpectedVersion is null).ToArray(), InsertSql);
            Add(batch, statements, round.Where(w => w.ExpectedVersion is not null).ToArray(), UpdateSql);
        }

        var applied = new List<HashSet<(string, string)>>(statements.Count);
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
        {
            do
            {
                var keys = new HashSet<(string, string)>();
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    keys.Add((reader.GetString(0), reader.GetString(1)));
                }

                applied.Add(keys);
            }
            while (await reader.NextResultAsync(CancellationToken.None));
        }

        // Only now, with the transaction committed: a failed batch leaves every write without a result.
        for (var i = 0; i < statements.Count; i++)
        {
            foreach (var write in statements[i])
            {
                write.StoredVersion = applied[i].Contains(write.Key) ? write.NextVersion : null;
            }
        }
    }

    /// <summary>
    /// Splits a batch so no statement touches a grain twice: a grain's first write goes in the first
    /// round, its second in the second, and so on. Within a round writes are in key order, so batches from
    /// two silos touching the same rows (a duplicate activation) lock them in the same order.
    /// </summary>
    private static List<List<GrainStateWrite>> Rounds(IReadOnlyList<GrainStateWrite> writes)
    {
        var rounds = new List<List<GrainStateWrite>>(1) { new(writes.Count) };
        var seen = new Dictionary<(string, string), int>(writes.Count);
        foreach (var write in writes)
        {
            seen.TryGetValue(write.Key, out var earlier);
            seen[write.Key] = earlier + 1;
            if (rounds.Count == earlier)
            {
                rounds.Add([]);
            }

            rounds[earlier].Add(write);
        }

        foreach (var round in rounds)
        {
            round.Sort(static (a, b) =>
                string.CompareOrdinal(a.StateName, b.StateName) is var byName and not 0 ? byName : string.CompareOrdinal(a.GrainId, b.GrainId));
        }

        return rounds;
    }

    private void Add(NpgsqlBatch batch, List<GrainStateWrite[]> statements, GrainStateWrite[] writes, string sql)
    {
        if (writes.Length == 0)
        {
            return;
        }

        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _provider });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(writes, w => w.StateName) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Array.ConvertAll(writes, w => w.GrainId) });
        command.Parameters.Add(new NpgsqlParameter<byte[]?[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
            TypedValue = Array.ConvertAll(writes, w => w.Payload),
        });
        if (ReferenceEquals(sql, UpdateSql))
        {
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Array.ConvertAll(writes, w => w.ExpectedVersion!.Value) });
        }

        batch.BatchCommands.Add(command);
        statements.Add(writes);
    }

    // A data (22), integrity (23) or size (54) error comes from one write's content, and a serialization
    // failure or deadlock (40) from an unlucky mix of writes: alone, the other writes can still commit.
    // Anything else (the database unreachable, shutting down) would fail them one by one just the same.
    private static bool IsAboutTheRows(Exception exception) =>
        exception is PostgresException { SqlState: ['2', '2' or '3', ..] or ['4', '0', ..] or ['5', '4', ..] };
}
