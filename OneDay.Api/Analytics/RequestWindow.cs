using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Api.Analytics;

/// <summary>
/// This gateway's requests over the last minute, for the operator console: how many a second, the share answered
/// 5xx, and the 99th percentile of their time (to a quarter octave). Fed by the request log's own timing, so it
/// costs a few increments per request; each second has its slot, reused a minute later.
/// </summary>
public sealed class RequestWindow(TimeProvider time)
{
    public const int Seconds = 60;

    // Quarter octaves from 64 us: the last bucket's bound is 64 us * 2^16, about 4 s; anything slower lands there.
    private const int Buckets = 64;
    private const double FirstBoundMicroseconds = 64;

    private readonly Slot[] _slots = Enumerable.Range(0, Seconds + 1).Select(_ => new Slot()).ToArray();

    public void Record(int status, TimeSpan elapsed)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var slot = _slots[second % _slots.Length];
        if (Volatile.Read(ref slot.Second) != second)
        {
            lock (slot)
            {
                if (slot.Second != second)
                {
                    slot.Reset(second);
                }
            }
        }

        Interlocked.Increment(ref slot.Requests);
        if (status >= 500)
        {
            Interlocked.Increment(ref slot.Errors);
        }

        Interlocked.Increment(ref slot.Latency[BucketOf(elapsed)]);
    }

    /// <summary>The last full minute (the second under way left out, as it is still filling).</summary>
    public RequestCounts Counts()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        long requests = 0, errors = 0;
        var latency = new long[Buckets];
        foreach (var slot in _slots)
        {
            var second = Volatile.Read(ref slot.Second);
            if (second >= now - Seconds && second < now)
            {
                requests += Volatile.Read(ref slot.Requests);
                errors += Volatile.Read(ref slot.Errors);
                for (var i = 0; i < Buckets; i++)
                {
                    latency[i] += Volatile.Read(ref slot.Latency[i]);
                }
            }
        }

        return new RequestCounts(requests, errors, latency, Seconds);
    }

    /// <summary>What the console shows of counts: this gateway's, or the sum of every gateway's.</summary>
    public static RequestFigures Figures(RequestCounts counts) => new(
        Math.Round((double)counts.Requests / Seconds, 2),
        counts.Requests == 0 ? 0 : Math.Round((double)counts.Errors / counts.Requests, 4),
        counts.Requests == 0 ? null : Percentile(counts.Latency, counts.Requests, 0.99),
        Seconds);

    private static int BucketOf(TimeSpan elapsed)
    {
        var microseconds = elapsed.Ticks / 10.0;
        return microseconds <= FirstBoundMicroseconds ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(4 * Math.Log2(microseconds / FirstBoundMicroseconds)));
    }

    /// <summary>The upper bound of the bucket the percentile falls in, in milliseconds.</summary>
    private static double Percentile(IReadOnlyList<long> latency, long total, double share)
    {
        var rank = (long)Math.Ceiling(total * share);
        long seen = 0;
        for (var i = 0; i < latency.Count; i++)
        {
            seen += latency[i];
            if (seen >= rank)
            {
                return Math.Round(FirstBoundMicroseconds * Math.Pow(2, i / 4.0) / 1000, 3);
            }
        }

        return Math.Round(FirstBoundMicroseconds * Math.Pow(2, (Buckets - 1) / 4.0) / 1000, 3);
    }

    private sealed class Slot
    {
        public long Second = -1;
        public long Requests;
        public long Errors;
        public readonly long[] Latency = new long[Buckets];

        public void Reset(long second)
        {
            Requests = 0;
            Errors = 0;
            Array.Clear(Latency);
            Volatile.Write(ref Second, second);
        }
    }
}

/// <param name="P99Milliseconds">Null while the window holds no request.</param>
public sealed record RequestFigures(double RequestsPerSecond, double ErrorRate, double? P99Milliseconds, int WindowSeconds);
