using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Employers;

/// <summary>
/// A matching grain's copy of the employer-ratings read model, every shard read again when it is older than
/// <see cref="FreshFor"/>: a new rating reaches scores within seconds, and a request between refreshes asks nobody.
/// One per activation (not thread-safe).
/// </summary>
internal sealed class EmployerRatingsReader(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    private readonly IReadOnlyDictionary<Guid, double>?[] _shards = new IReadOnlyDictionary<Guid, double>?[EmployerRatings.Shards];
    private long _readAt = long.MinValue;

    /// <summary>The ratings, fresh enough; look one up with <see cref="Of"/>.</summary>
    public ValueTask<EmployerRatingsReader> GetAsync()
    {
        var now = time.GetTimestamp();
        return _readAt != long.MinValue && time.GetElapsedTime(_readAt, now) < FreshFor
            ? ValueTask.FromResult(this)
            : new ValueTask<EmployerRatingsReader>(RefreshAsync(now));
    }

    /// <summary>The employer's average rating from workers; null before any.</summary>
    public double? Of(Guid employerId) =>
        _shards[EmployerRatings.ShardOf(employerId)] is { } shard && shard.TryGetValue(employerId, out var rating) ? rating : null;

    private async Task<EmployerRatingsReader> RefreshAsync(long now)
    {
        var snapshots = await Task.WhenAll(Enumerable.Range(0, EmployerRatings.Shards).Select(s => grains.Reference<IEmployerRatingsGrain>(s).Snapshot()));
        for (var s = 0; s < snapshots.Length; s++)
        {
            _shards[s] = snapshots[s].Ratings;
        }

        _readAt = now;
        return this;
    }
}
