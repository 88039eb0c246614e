namespace OneDay.Bench.Measure;

/// <summary>pgbench runs pooled: transactions over their time together, percentiles from their per-transaction logs (-l).</summary>
internal static class PgbenchRuns
{
    /// <param name="outputs">pgbench's printed summaries, one per run.</param>
    /// <param name="logLines">The lines of their per-transaction logs, all together.</param>
    public static Figures Pool(IEnumerable<string> outputs, IEnumerable<string> logLines)
    {
        long transactions = 0, failed = 0;
        double seconds = 0, latencySum = 0;
        var latencies = 0;
        foreach (var line in outputs.SelectMany(o => o.Split('\n')))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith("number of transactions actually processed:", StringComparison.Ordinal) && words.Length > 5)
            {
                transactions += Inv.ParseLong(words[5]);
            }
            else if (line.StartsWith("number of failed transactions:", StringComparison.Ordinal) && words.Length > 4)
            {
                failed += Inv.ParseLong(words[4]);
            }
            else if (line.StartsWith("latency average =", StringComparison.Ordinal) && words.Length > 3)
            {
                latencySum += Inv.ParseDouble(words[3]);
                latencies++;
            }
            else if (line.StartsWith("duration:", StringComparison.Ordinal) && words.Length > 1)
            {
                seconds += Inv.ParseDouble(words[1]);
            }
        }

        var (p50, p99, max) = Percentiles(logLines);
        return new Figures(Figures.Round(seconds > 0 ? transactions / seconds : 0), p50, p99, max, failed, transactions,
            latencies > 0 ? latencySum / latencies : 0);
    }

    /// <summary>p50, p99 and max in ms of the per-transaction log lines (the third field is the latency in microseconds).</summary>
    public static (double P50, double P99, double Max) Percentiles(IEnumerable<string> logLines)
    {
        var values = new List<long>();
        foreach (var line in logLines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 2 && long.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var us))
            {
                values.Add(us);
            }
        }

        if (values.Count == 0)
        {
            return (0, 0, 0);
        }

        values.Sort();
        long At(double fraction) => values[(int)Math.Ceiling(values.Count * fraction) - 1];
        return (At(0.50) / 1000.0, At(0.99) / 1000.0, values[^1] / 1000.0);
    }
}
