using System.Collections.Concurrent;
using System.Diagnostics;

namespace EventsBench;

/// <summary>Every publish-to-handle latency of one run; a run is at most a few ten thousand events, so they are all kept.</summary>
public sealed class Latencies
{
    private readonly ConcurrentBag<double> _millis = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Record(long sentTimestamp)
    {
        _millis.Add(Stopwatch.GetElapsedTime(sentTimestamp).TotalMilliseconds);
        Interlocked.Increment(ref _count);
    }

    public double Percentile(double p)
    {
        var sorted = _millis.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public double Max => _millis.IsEmpty ? double.NaN : _millis.Max();

    public async Task WaitForAsync(int expected, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (Count < expected)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"only {Count} of {expected} events were handled within {timeout}");
            }

            await Task.Delay(5);
        }
    }
}

/// <summary><see cref="Published"/>: when the last publish was confirmed; <see cref="Elapsed"/>: when the last event was handled.</summary>
public sealed record RunResult(string Name, int Events, TimeSpan Published, TimeSpan Elapsed, double P50, double P99, double Max)
{
    public double PerSecond => Events / Elapsed.TotalSeconds;

    public static RunResult Of(string name, int events, TimeSpan published, TimeSpan elapsed, Latencies latencies) =>
        new(name, events, published, elapsed, latencies.Percentile(50), latencies.Percentile(99), latencies.Max);
}
