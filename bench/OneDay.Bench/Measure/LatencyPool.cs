namespace OneDay.Bench.Measure;

/// <summary>
/// Percentiles over several runs together, picked the way wrk picks them from one run: the smallest
/// latency whose cumulative count reaches the rank (p/100 * n + 1, rounded down).
/// </summary>
internal static class LatencyPool
{
    /// <returns>p50, p99 and max in microseconds; zeros when there are no buckets.</returns>
    public static (long P50, long P99, long Max) Percentiles(IEnumerable<(long Us, long Count)> buckets)
    {
        var sorted = buckets.OrderBy(b => b.Us).ToList();
        if (sorted.Count == 0)
        {
            return (0, 0, 0);
        }

        var n = sorted.Sum(b => b.Count);
        return (At(sorted, n, 50), At(sorted, n, 99), sorted[^1].Us);
    }

    private static long At(List<(long Us, long Count)> sorted, long n, int percentile)
    {
        var rank = (long)Math.Floor(percentile / 100.0 * n + 1);
        long total = 0;
        foreach (var (us, count) in sorted)
        {
            total += count;
            if (total >= rank)
            {
                return us;
            }
        }

        return sorted[^1].Us;
    }
}
