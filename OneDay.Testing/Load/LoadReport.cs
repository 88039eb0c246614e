using System.Globalization;
using System.Text;
using HdrHistogram;

namespace OneDay.Testing.Load;

/// <summary>How the system went through one fault: the minute around it, and how soon it was itself again.</summary>
/// <param name="Requests">Requests due in the minute around the fault (30 s either side of its start).</param>
/// <param name="Failures">Of those, failed for the platform's sake (<see cref="Outcomes.IsFailure"/>).</param>
/// <param name="RecoveredAfter">From the fault's start until five seconds in a row had no failure and a p99 within twice the
/// baseline; zero when the fault disturbed nothing.</param>
public sealed record FaultImpact(FaultMark Fault, long Requests, long Failures, long ServerErrors, TimeSpan RecoveredAfter)
{
    public double FailureShare => Requests == 0 ? 0 : (double)Failures / Requests;
}

/// <summary>A run's figures: outcomes, latencies, the baseline before the first fault, and each fault's impact.</summary>
public sealed class LoadReport
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private LoadReport(LoadRecorder recorder, IReadOnlyList<FaultMark> faults, double rate, long dropped, TimeSpan warmUp)
    {
        Rate = rate;
        Dropped = dropped;
        var seconds = recorder.Seconds;
        Seconds = seconds;
        Total = seconds.Sum(s => s.Total);
        Failures = seconds.Sum(s => s.Failures);
        ServerErrors = seconds.Sum(s => s.Count(Outcome.ServerError));
        ByOutcome = Enum.GetValues<Outcome>().ToDictionary(o => o, o => seconds.Sum(s => s.Count(o)));
        Operations = recorder.Operations;
        Statuses = recorder.Statuses;
        // The baseline is the steady state before anything was done to the system, once the warm-up is over.
        var firstFault = faults.Count == 0 ? seconds.Count : (int)faults.Min(f => f.Started).TotalSeconds;
        BaselineP99 = Percentile(seconds.Where(s => s.Index >= warmUp.TotalSeconds && s.Index < firstFault), 99);
        Impacts = [.. faults.Select(Impact)];
    }

    public double Rate { get; }

    public long Dropped { get; }

    public IReadOnlyList<SecondOfRun> Seconds { get; }

    public long Total { get; }

    public long Failures { get; }

    public long ServerErrors { get; }

    public IReadOnlyDictionary<Outcome, long> ByOutcome { get; }

    public IReadOnlyDictionary<string, HistogramBase> Operations { get; }

    public IReadOnlyDictionary<(string Operation, int Status), long> Statuses { get; }

    /// <summary>The 99th percentile after the warm-up and before the first fault, in milliseconds.</summary>
    public double BaselineP99 { get; }

    public IReadOnlyList<FaultImpact> Impacts { get; }

    public double SuccessShare => Total == 0 ? 0 : 1 - (double)Failures / Total;

    /// <param name="warmUp">The first seconds of the run, left out of the baseline: a fresh process is still compiling.</param>
    public static LoadReport Of(LoadRecorder recorder, IReadOnlyList<FaultMark> faults, double rate, long dropped, TimeSpan warmUp) =>
        new(recorder, faults, rate, dropped, warmUp);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var all = Operations.Values.Aggregate(new LongHistogram(LoadRecorder.MaxMicroseconds, 3), (sum, h) =>
        {
            sum.Add(h);
            return sum;
        });
        text.AppendLine(Invariant($"- {Total:N0} requests due at {Rate:N0}/s over {Seconds.Count} s; {SuccessShare:P3} succeeded (4xx answers count as answers); {Dropped:N0} not sent (too many unanswered)."));
        text.AppendLine(Invariant($"- Outcomes: {string.Join(", ", ByOutcome.Where(o => o.Value > 0).Select(o => $"{o.Key} {o.Value:N0}"))}; HTTP 500 and other non-503 5xx: {ServerErrors:N0}."));
        text.AppendLine(Invariant($"- Latency from when each request was due: mean {all.GetMean() / 1000:F1} ms, p50 {Ms(all, 50):F1} ms, p99 {Ms(all, 99):F1} ms, max {all.GetMaxValue() / 1000.0:F0} ms; p99 before the first fault {BaselineP99:F1} ms."));
        text.AppendLine().AppendLine("| operation | requests | p50 ms | p99 ms | statuses |").AppendLine("|---|---:|---:|---:|---|");
        foreach (var (operation, histogram) in Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var statuses = Statuses.Where(s => s.Key.Operation == operation).OrderBy(s => s.Key.Status).Select(s => Invariant($"{(s.Key.Status == 0 ? "none" : s.Key.Status)}: {s.Value:N0}"));
            text.AppendLine(Invariant($"| {operation} | {histogram.TotalCount:N0} | {Ms(histogram, 50):F1} | {Ms(histogram, 99):F1} | {string.Join(", ", statuses)} |"));
        }

        if (Impacts.Count > 0)
        {
            text.AppendLine().AppendLine("| fault | at s | took s | requests in the minute around it | failed | failed share | 500s | recovered after s |")
                .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var i in Impacts)
            {
                text.AppendLine(Invariant(
                    $"| {i.Fault.Name}{(i.Fault.Error is null ? "" : " (failed: " + i.Fault.Error + ")")} | {i.Fault.Started.TotalSeconds:F0} | {(i.Fault.Finished - i.Fault.Started).TotalSeconds:F1} | {i.Requests:N0} | {i.Failures:N0} | {i.FailureShare:P2} | {i.ServerErrors:N0} | {i.RecoveredAfter.TotalSeconds:F0} |"));
            }
        }

        var failing = Seconds.Where(s => s.Failures > 0).ToArray();
        if (failing.Length > 0)
        {
            text.AppendLine().AppendLine(Invariant(
                $"Seconds with failures (second: failed/due): {string.Join(", ", failing.Select(s => $"{s.Index}: {s.Failures}/{s.Total}"))}."));
        }

        return text.ToString();
    }

    private FaultImpact Impact(FaultMark fault)
    {
        var start = (int)fault.Started.TotalSeconds;
        var around = Seconds.Where(s => s.Index >= start - Window.TotalSeconds && s.Index < start + Window.TotalSeconds).ToArray();
        return new FaultImpact(fault, around.Sum(s => s.Total), around.Sum(s => s.Failures), around.Sum(s => s.Count(Outcome.ServerError)),
            TimeSpan.FromSeconds(WellFrom(start) - start));
    }

    /// <summary>
    /// The first second from <paramref name="start"/> on that begins five well seconds: no failure, and a p99 within
    /// twice the baseline (over the five together, as one second holds too few requests for a p99 of its own).
    /// </summary>
    private int WellFrom(int start)
    {
        const int Span = 5;
        for (var t = start; t + Span <= Seconds.Count; t++)
        {
            var window = Seconds.Skip(t).Take(Span).ToArray();
            if (window.All(s => s.Failures == 0) && Percentile(window, 99) <= 2 * BaselineP99)
            {
                return t;
            }
        }

        return Seconds.Count;
    }

    private static double Percentile(IEnumerable<SecondOfRun> seconds, double percentile)
    {
        var merged = new LongHistogram(LoadRecorder.MaxMicroseconds, 2);
        foreach (var second in seconds)
        {
            merged.Add(second.Latency);
        }

        return merged.TotalCount == 0 ? 0 : merged.GetValueAtPercentile(percentile) / 1000.0;
    }

    private static double Ms(HistogramBase histogram, double percentile) => histogram.GetValueAtPercentile(percentile) / 1000.0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
