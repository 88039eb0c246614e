using Npgsql;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Workers;
using Orleans.Serialization;

namespace OneDay.Silo.Postgres;

/// <summary>Cluster mode's worker index store: the table of migration 0017 in the matching database.</summary>
public sealed class PostgresWorkerIndexStore(NpgsqlDataSource dataSource, Serializer<WorkerIndexEntry> serializer) : IWorkerIndexStore, IAsyncDisposable
{
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public Task<bool> UpsertAsync(string cell, WorkerIndexEntry entry, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO oneday_worker_index (worker_id, cell, version, entry) VALUES ($1, $2, $3, $4)
            ON CONFLICT (worker_id) DO UPDATE SET cell = excluded.cell, version = excluded.version, entry = excluded.entry
            WHERE oneday_worker_index.version < excluded.version
            """);
        command.Parameters.AddWithValue(entry.WorkerId);
        command.Parameters.AddWithValue(cell);
        command.Parameters.AddWithValue(entry.Version);
        command.Parameters.AddWithValue(serializer.SerializeToArray(entry));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    });

    public Task RemoveAsync(string cell, Guid workerId, long version, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE oneday_worker_index SET version = $3, entry = NULL WHERE worker_id = $1 AND cell = $2 AND version <= $3");
        command.Parameters.AddWithValue(workerId);
        command.Parameters.AddWithValue(cell);
        command.Parameters.AddWithValue(version);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    });

    public Task<IReadOnlyList<WorkerIndexEntry>> ReadCellAsync(string cell, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        await using var command = dataSource.CreateCommand("SELECT entry FROM oneday_worker_index WHERE cell = $1 AND entry IS NOT NULL");
        command.Parameters.AddWithValue(cell);
        var entries = new List<WorkerIndexEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(serializer.Deserialize(reader.GetFieldValue<byte[]>(0))!);
        }

        return (IReadOnlyList<WorkerIndexEntry>)entries;
    });

    private static async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable("worker index", exception);
        }
    }
}
