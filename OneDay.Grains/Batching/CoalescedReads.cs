namespace OneDay.Grains.Batching;

/// <summary>
/// A silo's recent reads of keyed values (grid cells, mostly), shared by every grain on it. A read is reused for a short
/// window, so a hot key costs one grain call per window instead of one per reader, and it is fetched once however many
/// readers miss it at the same moment: a silo that has just restarted meets a queue of readers over the same cold keys,
/// and when each fetched every key itself the silo spent itself on that herd (bench/results/faults-soak.md).
/// </summary>
/// <remarks>
/// Safe for concurrent use. A fetch continues on the thread pool, not in the grain that started it, since grains on
/// other activations may be waiting on it. A failed fetch is not kept: the next reader asks again. The fetch is handed
/// the key's last good value, so it can keep what an unchanged answer would only rebuild. The window runs on the host's
/// clock.
/// </remarks>
public sealed class CoalescedReads<TValue>
    where TValue : class
{
    private readonly Func<string, TValue?, Task<TValue>> _fetch;
    private readonly TimeSpan _freshFor;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Read> _reads = new(StringComparer.Ordinal);

    /// <param name="fetch">Reads a key, given its last good value (or null).</param>
    /// <param name="capacity">Keys kept; past it the reads sweep what has expired, or start again.</param>
    public CoalescedReads(Func<string, TValue?, Task<TValue>> fetch, TimeSpan freshFor, int capacity, TimeProvider time)
    {
        _fetch = fetch;
        _freshFor = freshFor;
        _capacity = capacity;
        _time = time;
    }

    /// <summary>How many keys are kept now (finished or in flight).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _reads.Count;
            }
        }
    }

    /// <returns>The values of <paramref name="keys"/>, in the same order.</returns>
    public ValueTask<TValue[]> GetAsync(IReadOnlyList<string> keys)
    {
        var now = _time.GetTimestamp();
        var values = new TValue[keys.Count];
        List<(int Index, Task<TValue> Value)>? pending = null;
        lock (_lock)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var value = Reading(keys[i], now);
                if (value.IsCompletedSuccessfully)
                {
                    values[i] = value.Result;
                }
                else
                {
                    (pending ??= []).Add((i, value));
                }
            }
        }

        // Warm keys answer without a single await.
        return pending is null ? ValueTask.FromResult(values) : new ValueTask<TValue[]>(AwaitAll(pending, values));

        static async Task<TValue[]> AwaitAll(List<(int Index, Task<TValue> Value)> pending, TValue[] values)
        {
            await Task.WhenAll(pending.Select(p => p.Value));
            foreach (var (index, value) in pending)
            {
                values[index] = value.Result;
            }

            return values;
        }
    }

    /// <summary>The key's fresh read, finished or in flight, or a new one. Called under the lock.</summary>
    private Task<TValue> Reading(string key, long now)
    {
        if (_reads.TryGetValue(key, out var read) && _time.GetElapsedTime(read.StartedAt, now) < _freshFor && !read.Value.IsFaulted && !read.Value.IsCanceled)
        {
            return read.Value;
        }

        if (read is null && _reads.Count >= _capacity)
        {
            Sweep(now);
        }

        var last = read?.Value is { IsCompletedSuccessfully: true } done ? done.Result : read?.Last;
        var fetching = FetchAsync(key, last);
        _reads[key] = new Read(fetching, now, last);
        return fetching;
    }

    private async Task<TValue> FetchAsync(string key, TValue? last) => await _fetch(key, last).ConfigureAwait(false);

    /// <summary>Drops what has expired, and everything if that frees less than a quarter, so that sweeps stay rare.</summary>
    private void Sweep(long now)
    {
        foreach (var expired in _reads.Where(r => _time.GetElapsedTime(r.Value.StartedAt, now) >= _freshFor && r.Value.Value.IsCompleted).Select(r => r.Key).ToList())
        {
            _reads.Remove(expired);
        }

        if (_reads.Count > _capacity * 3 / 4)
        {
            _reads.Clear();
        }
    }

    /// <param name="Last">The value before this read, kept until this one finishes well.</param>
    private sealed record Read(Task<TValue> Value, long StartedAt, TValue? Last);
}
