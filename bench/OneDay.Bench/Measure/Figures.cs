namespace OneDay.Bench.Measure;

/// <summary>
/// One side's figures in a result row: req/s (or tx/s), latency p50 / p99 / max in ms, errors and requests.
/// </summary>
internal sealed record Figures(long Rate, double P50Ms, double P99Ms, double MaxMs, long Errors, long Requests, double MeanMs = 0)
{
    public static Figures None { get; } = new(0, 0, 0, 0, 0, 0);

    public string Latency => $"{Inv.F(P50Ms, 2)} / {Inv.F(P99Ms, 2)} / {Inv.F(MaxMs, 2)}";

    /// <summary>Several wrk runs as one: requests over their time together, percentiles from their histograms merged.</summary>
    public static Figures Pool(IReadOnlyList<WrkRun> runs)
    {
        var requests = runs.Sum(r => r.Requests);
        var us = runs.Sum(r => r.DurationUs);
        var (p50, p99, max) = LatencyPool.Percentiles(runs.SelectMany(r => r.Histogram));
        return new Figures(Round(us > 0 ? requests / (us / 1e6) : 0), p50 / 1000.0, p99 / 1000.0, max / 1000.0, runs.Sum(r => r.Errors), requests);
    }

    /// <summary>One wrk run, with wrk's own percentiles.</summary>
    public static Figures Of(WrkRun run) =>
        new(Round(run.RequestsPerSecond), run.P50Us / 1000.0, run.P99Us / 1000.0, run.MaxUs / 1000.0, run.Errors, run.Requests, run.MeanUs / 1000.0);

    public static long Round(double rate) => (long)Math.Round(rate, MidpointRounding.ToEven);
}
