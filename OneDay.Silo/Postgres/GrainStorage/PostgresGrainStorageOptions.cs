namespace OneDay.Silo.Postgres.GrainStorage;

/// <summary>Settings of one <see cref="PostgresGrainStorage"/> provider (one per domain).</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>Npgsql connection string of the database holding the oneday_grain_state table (migration 0007).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Most writes committed together. Bounds the statement count of one round trip, and so the time a
    /// caller waits behind a batch already in flight.
    /// </summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>Most writes queued behind the one in flight; callers beyond it wait for room.</summary>
    public int MaxWaiting { get; set; } = 16 * 256;
}
