namespace OneDay.Grains.Jobs;

/// <summary>
/// A stateless worker's recent scans of geo-grid cells (<typeparamref name="TScan"/>, built from a cell grain's
/// <typeparamref name="TSnapshot"/>): a scan is reused for a short while, so a hot area costs one cell call per window
/// instead of one per read. One instance per activation (not thread-safe).
/// </summary>
/// <remarks>The cache ages on the host's clock: job time stands still in the tests unless they move it.</remarks>
internal abstract class CellScanCache<TSnapshot, TScan>(TimeSpan cacheFor, int capacity, TimeProvider time)
    where TSnapshot : class
    where TScan : class
{
    private readonly RecentReads<TScan> _cells = new(capacity, (long)(cacheFor.TotalSeconds * time.TimestampFrequency));

    /// <returns>The scans of <paramref name="cells"/>, in the same order.</returns>
    public ValueTask<TScan[]> GetAsync(List<string> cells)
    {
        var now = time.GetTimestamp();
        var scans = new TScan[cells.Count];
        List<Task>? fetches = null;
        for (var i = 0; i < cells.Count; i++)
        {
            if (_cells.TryGetFresh(cells[i], now, out var cached))
            {
                scans[i] = cached;
            }
            else
            {
                (fetches ??= []).Add(FetchAsync(cells[i], now, scans, i));
            }
        }

        // A warm area answers without a single await.
        return fetches is null ? ValueTask.FromResult(scans) : new ValueTask<TScan[]>(AwaitAll(fetches, scans));

        static async Task<TScan[]> AwaitAll(List<Task> fetches, TScan[] scans)
        {
            await Task.WhenAll(fetches);
            return scans;
        }
    }

    protected abstract Task<TSnapshot> SnapshotAsync(string cell);

    protected abstract TSnapshot SnapshotOf(TScan scan);

    protected abstract TScan Scan(TSnapshot snapshot);

    private async Task FetchAsync(string cell, long now, TScan[] into, int index)
    {
        var snapshot = await SnapshotAsync(cell);
        // An unchanged cell hands a local caller the same snapshot object, so its scan is reused.
        var scan = _cells.Last(cell) is { } cached && ReferenceEquals(SnapshotOf(cached), snapshot) ? cached : Scan(snapshot);
        _cells.Put(cell, scan, now);
        into[index] = scan;
    }
}
