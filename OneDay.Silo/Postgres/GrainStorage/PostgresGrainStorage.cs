using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OneDay.Silo.Postgres.GrainStorage;

/// <summary>
/// Cluster mode's grain storage: rows of oneday_grain_state (migration 0007), states in Orleans' binary
/// serialization, and writes group-committed (<see cref="GrainStateWriter"/>) so that many grains writing
/// at once share one round trip and one fsync instead of paying one each.
/// </summary>
/// <remarks>
/// ETags are row versions and every write is conditional on them, which is what keeps a duplicate
/// activation (possible while membership changes) from overwriting a newer state:
/// <list type="bullet">
/// <item>No row: the state is the type's default, ETag null, RecordExists false.</item>
/// <item>Write or clear with ETag null creates the row at version 1; if any row exists it is a conflict.</item>
/// <item>Write or clear with ETag v changes the row only while it is still at v, to v + 1; otherwise a conflict.</item>
/// <item>Clear keeps the row with no payload, as Orleans' ADO.NET provider does, so the version never
/// restarts: a write with the ETag the clear returned succeeds, and a write holding an ETag from before
/// the clear can never match again.</item>
/// </list>
/// A conflict is an <see cref="InconsistentStateException"/> and leaves the stored row untouched.
/// </remarks>
public sealed partial class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const string ReadSql =
        "SELECT version, payload FROM oneday_grain_state " +
        "WHERE service_id = $1 AND provider = $2 AND state_name = $3 AND grain_id = $4";

    private readonly string _name;
    private readonly string _serviceId;
    private readonly NpgsqlDataSource _dataSource;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<PostgresGrainStorage> _logger;
    private readonly GrainStateWriter _writer;

    public PostgresGrainStorage(
        string name,
        string serviceId,
        NpgsqlDataSource dataSource,
        PostgresGrainStorageOptions options,
        Serializer serializer,
        IActivatorProvider activators,
        ILogger<PostgresGrainStorage> logger)
    {
        _name = name;
        _serviceId = serviceId;
        _dataSource = dataSource;
        _serializer = serializer;
        _activators = activators;
        _logger = logger;
        _writer = new GrainStateWriter(dataSource, serviceId, name, options.MaxBatch, options.MaxWaiting);
    }

    /// <summary>Write batches sent so far (one round trip each); under concurrency far fewer than writes.</summary>
    public long WriteBatches => _writer.Batches;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await ReadAsync(stateName, grainId, grainState);
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable("grain state store", exception);
        }
    }

    private async Task ReadAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = _dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            Reset(grainState, etag: null);
            return;
        }

        var etag = ETagOf(reader.GetInt64(0));
        if (await reader.IsDBNullAsync(1))
        {
            Reset(grainState, etag);
            return;
        }

        grainState.State = _serializer.Deserialize<T>(reader.GetFieldValue<byte[]>(1));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        // Serialised by the caller, not in the batch, so a state that cannot be serialised fails only its own write.
        StoreAsync(stateName, grainId, grainState, _serializer.SerializeToArray(grainState.State));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StoreAsync(stateName, grainId, grainState, payload: null);

    /// <summary>Stores what is queued, then refuses further writes.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task StoreAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, byte[]? payload)
    {
        var write = new GrainStateWrite(stateName, grainId.ToString(), VersionOf(grainState.ETag, stateName, grainId), payload);
        try
        {
            await _writer.WriteAsync(write);
        }
        catch (Exception exception)
        {
            LogWriteFailed(_logger, exception, _name, stateName, grainId, grainState.ETag);
            if (exception is NpgsqlException npgsql && StoreFaults.IsUnavailable(npgsql))
            {
                throw StoreFaults.Unavailable("grain state store", npgsql);
            }

            throw;
        }

        if (write.StoredVersion is not { } stored)
        {
            LogConflict(_logger, _name, stateName, grainId, grainState.ETag);
            throw new InconsistentStateException(
                grainState.ETag is null
                    ? $"Grain state {_name}/{stateName} of {grainId} was created by another writer meanwhile. Nothing was written."
                    : $"Grain state {_name}/{stateName} of {grainId} was changed by another writer: it is no longer at version {grainState.ETag}. Nothing was written.",
                storedEtag: null,
                currentEtag: grainState.ETag,
                storageException: null);
        }

        if (payload is null)
        {
            Reset(grainState, ETagOf(stored));
        }
        else
        {
            grainState.ETag = ETagOf(stored);
            grainState.RecordExists = true;
        }
    }

    private void Reset<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    private long? VersionOf(string? etag, string stateName, GrainId grainId)
    {
        if (etag is null)
        {
            return null;
        }

        // Only this provider hands out ETags; anything else cannot match a stored version.
        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException(
                $"Grain state {_name}/{stateName} of {grainId} carries ETag '{etag}', which this storage never issued.",
                storedEtag: null,
                currentEtag: etag,
                storageException: null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain state {Provider}/{StateName} of {GrainId} was not written: ETag {ETag} is stale")]
    private static partial void LogConflict(ILogger logger, string provider, string stateName, GrainId grainId, string? etag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing grain state {Provider}/{StateName} of {GrainId} (ETag {ETag}) failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string provider, string stateName, GrainId grainId, string? etag);
}
