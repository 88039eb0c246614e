using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Employers;

/// <summary>
/// The silo's copy of the employer-records read model, shared by every matching grain on it and read again (every
/// shard) when older than <see cref="FreshFor"/>: a new rating reaches scores within seconds, and a request between
/// refreshes asks nobody.
/// </summary>
/// <remarks>Safe for concurrent use: the shards are replaced as one array, and one refresh runs at a time.</remarks>
public sealed class SharedEmployerRecords(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private IReadOnlyDictionary<Guid, EmployerRecord>[]? _shards;
    private long _readAt;
    private Task? _refresh;

    /// <summary>The records, fresh enough; the function answers an employer's record, or null before anything happened to them.</summary>
    internal async ValueTask<Func<Guid, EmployerRecord?>> GetAsync()
    {
        var shards = Volatile.Read(ref _shards);
        if (shards is null || time.GetElapsedTime(Volatile.Read(ref _readAt)) >= FreshFor)
        {
            await RefreshingAsync();
            shards = Volatile.Read(ref _shards)!;
        }

        return employerId => shards[EmployerRecords.ShardOf(employerId)].GetValueOrDefault(employerId);
    }

    private Task RefreshingAsync()
    {
        lock (_lock)
        {
            return _refresh is { IsCompleted: false } running ? running : _refresh = RefreshAsync();
        }
    }

    private async Task RefreshAsync()
    {
        var started = time.GetTimestamp();
        var snapshots = await Task.WhenAll(Enumerable.Range(0, EmployerRecords.Shards).Select(s => grains.Reference<IEmployerRecordsGrain>(s).Snapshot()));
        Volatile.Write(ref _shards, [.. snapshots.Select(s => s.Records)]);
        Volatile.Write(ref _readAt, started);
    }
}
