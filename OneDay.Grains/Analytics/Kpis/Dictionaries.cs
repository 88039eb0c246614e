namespace OneDay.Grains.Analytics.Kpis;

internal static class Dictionaries
{
    /// <summary>The value of <paramref name="key"/>, added new when there is none: the sums the KPIs add up into.</summary>
    public static TValue GetOrNew<TKey, TValue>(this IDictionary<TKey, TValue> values, TKey key)
        where TValue : new()
    {
        if (!values.TryGetValue(key, out var value))
        {
            values[key] = value = new TValue();
        }

        return value;
    }
}
