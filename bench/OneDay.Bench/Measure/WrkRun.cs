namespace OneDay.Bench.Measure;

/// <summary>
/// One wrk run as bench/lua/report.lua prints it: the BENCH_RESULT line (latencies in microseconds) and the
/// BENCH_HIST line, wrk's own latency histogram (microseconds:count of its non-empty buckets).
/// </summary>
internal sealed record WrkRun(
    long Requests, long DurationUs, long Connect, long Read, long Write, long Status, long Timeout,
    double MeanUs, long P50Us, long P99Us, long MaxUs, IReadOnlyList<(long Us, long Count)> Histogram)
{
    /// <summary>Socket errors, timeouts and HTTP statuses >= 400.</summary>
    public long Errors => Connect + Read + Write + Status + Timeout;

    /// <summary>Answers below 400, that wrk counted as requests.</summary>
    public long Successes => Requests - Errors;

    public double RequestsPerSecond => DurationUs > 0 ? Requests / (DurationUs / 1e6) : 0;

    /// <summary>Every run in an output (a file may hold several, such as all of a warm-up's rounds).</summary>
    public static List<WrkRun> ParseAll(string output)
    {
        var runs = new List<WrkRun>();
        Dictionary<string, string>? result = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("BENCH_RESULT ", StringComparison.Ordinal))
            {
                if (result is not null)
                {
                    runs.Add(From(result, []));
                }

                result = Fields(line);
            }
            else if (line.StartsWith("BENCH_HIST", StringComparison.Ordinal) && result is not null)
            {
                runs.Add(From(result, Buckets(line)));
                result = null;
            }
        }

        if (result is not null)
        {
            runs.Add(From(result, []));
        }

        return runs;
    }

    /// <summary>The first run in an output, or null when wrk printed none (it failed).</summary>
    public static WrkRun? Parse(string output) => ParseAll(output) is [var first, ..] ? first : null;

    private static Dictionary<string, string> Fields(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[part[..eq]] = part[(eq + 1)..];
            }
        }

        return fields;
    }

    private static List<(long, long)> Buckets(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(b => b.Split(':'))
            .Where(p => p.Length == 2)
            .Select(p => (Inv.ParseLong(p[0]), Inv.ParseLong(p[1])))
            .ToList();

    private static WrkRun From(Dictionary<string, string> f, List<(long, long)> histogram)
    {
        long L(string key) => f.TryGetValue(key, out var v) ? Inv.ParseLong(v) : 0;
        return new WrkRun(
            L("requests"), L("duration_us"), L("connect"), L("read"), L("write"), L("status"), L("timeout"),
            f.TryGetValue("mean_us", out var mean) ? Inv.ParseDouble(mean) : 0, L("p50_us"), L("p99_us"), L("max_us"), histogram);
    }
}
