using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OneDay.Silo.Postgres.GrainStorage;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace OneDay.Tests.Postgres;

/// <summary>
/// A <see cref="PostgresGrainStorage"/> on a migrated test database, built the way the silo builds it but
/// without a silo, plus a way to hold a grain's row locked so the test decides what shares a batch.
/// </summary>
internal sealed class GrainStorageHarness : IAsyncDisposable
{
    public const string ServiceId = "storage-tests";

    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private readonly NpgsqlDataSource _dataSource;

    private GrainStorageHarness(string database, string provider, int maxBatch)
    {
        Database = database;
        _dataSource = NpgsqlDataSource.Create(database);
        Storage = new PostgresGrainStorage(
            provider,
            ServiceId,
            _dataSource,
            new PostgresGrainStorageOptions { ConnectionString = database, MaxBatch = maxBatch, MaxWaiting = 16 * maxBatch },
            Services.GetRequiredService<Serializer>(),
            Services.GetRequiredService<IActivatorProvider>(),
            NullLogger<PostgresGrainStorage>.Instance);
    }

    public string Database { get; }

    public PostgresGrainStorage Storage { get; }

    /// <summary>A storage provider as one silo would have it: its own writer and connection pool.</summary>
    public static GrainStorageHarness Open(string database, string provider = "users", int maxBatch = 256) =>
        new(database, provider, maxBatch);

    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    public async Task<GrainState<T>> ReadAsync<T>(string stateName, GrainId grainId)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    /// <summary>
    /// Locks a stored grain's row from another connection until disposed, and returns once
    /// <paramref name="blocked"/> (a write of that grain) waits on it: the writer is then busy, and what is
    /// written meanwhile queues for the next batch.
    /// </summary>
    public async Task<IAsyncDisposable> HoldRowAsync(GrainId grainId, Func<Task> blocked)
    {
        var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand(
            "SELECT 1 FROM oneday_grain_state WHERE grain_id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.AddWithValue(grainId.ToString());
            Assert.Equal(1, await lockRow.ExecuteScalarAsync());
        }

        var write = blocked();
        await WaitUntilALockIsAwaitedAsync(write);
        return new RowHold(connection, transaction, write);
    }

    private async Task WaitUntilALockIsAwaitedAsync(Task write)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        await using var probe = _dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        while ((long)(await probe.ExecuteScalarAsync())! == 0)
        {
            Assert.False(write.IsCompleted, "The write finished although its row was locked.");
            Assert.True(DateTime.UtcNow < deadline, "The write never waited for the locked row.");
            await Task.Delay(10);
        }
    }

    private sealed class RowHold(NpgsqlConnection connection, NpgsqlTransaction transaction, Task write) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
            await write;
        }
    }
}
