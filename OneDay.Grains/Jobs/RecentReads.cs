namespace OneDay.Grains.Jobs;

/// <summary>
/// What a grain read recently, by key, for a short while, and at most <paramref name="capacity"/> keys: a
/// search grain meets a new set of cells with every new place searched, so without a bound its cache would
/// grow with every place anyone ever searched. When full it drops what has expired, and everything if that
/// frees less than a quarter (so the sweep stays rare; a single search needs a fraction of the capacity).
/// Times are timestamps in whatever unit the caller reads them in (<see cref="TimeProvider.GetTimestamp"/>):
/// <paramref name="freshFor"/> and every <c>now</c> share it.
/// </summary>
public sealed class RecentReads<TValue>(int capacity, long freshFor)
    where TValue : class
{
    private readonly Dictionary<string, (TValue Value, long ReadAt)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>The value read less than the freshness window before <paramref name="now"/>.</summary>
    public bool TryGetFresh(string key, long now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value)
    {
        if (_entries.TryGetValue(key, out var entry) && now - entry.ReadAt < freshFor)
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The last value kept for the key, however old.</summary>
    public TValue? Last(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    public void Put(string key, TValue value, long now)
    {
        if (_entries.Count >= capacity && !_entries.ContainsKey(key))
        {
            foreach (var expired in _entries.Where(e => now - e.Value.ReadAt >= freshFor).Select(e => e.Key).ToList())
            {
                _entries.Remove(expired);
            }

            if (_entries.Count > capacity * 3 / 4)
            {
                _entries.Clear();
            }
        }

        _entries[key] = (value, now);
    }
}
