namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// Durations in minutes (time to fill a job, an employer's first reply), kept as histograms so days, categories and
/// regions add up and a median over any of them needs no list of jobs. The median is interpolated within its bucket: within half a bucket of the exact one.
/// </summary>
public static class KpiDurations
{
    /// <summary>Upper bounds of the buckets in minutes; the last bucket has none.</summary>
    public static readonly double[] Bounds =
        [1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 7200, 10080];

    public static int BucketCount => Bounds.Length + 1;

    public static int BucketOf(TimeSpan duration)
    {
        var minutes = Math.Max(0, duration.TotalMinutes);
        var index = Array.BinarySearch(Bounds, minutes);
        // An exact bound belongs to the bucket it closes.
        return index >= 0 ? index : ~index;
    }

    public static double? Median(IReadOnlyList<long> buckets)
    {
        var total = buckets.Sum();
        if (total == 0)
        {
            return null;
        }

        var half = total / 2.0;
        long below = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (below + buckets[i] >= half && buckets[i] > 0)
            {
                var low = i == 0 ? 0 : Bounds[i - 1];
                // The open last bucket is read as twice as wide as the one before it.
                var high = i < Bounds.Length ? Bounds[i] : Bounds[^1] * 2;
                return Math.Round(low + ((high - low) * (half - below) / buckets[i]), 1);
            }

            below += buckets[i];
        }

        return null;
    }
}
