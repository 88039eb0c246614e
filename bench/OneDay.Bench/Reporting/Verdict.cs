using System.Globalization;
using OneDay.Bench.Measure;
using OneDay.Bench.Scenarios;

namespace OneDay.Bench.Reporting;

/// <summary>
/// A scenario's result: PASS when every target in its row holds (ratio, p99, absolute req/s) and wrk saw no
/// errors; FAIL when a target missed, on any error, or when its drain did not catch up; info without targets.
/// </summary>
internal static class Verdict
{
    /// <returns>The row's ratio, target and result cells, and whether it counts as a failure.</returns>
    public static (string Ratio, string Target, string Result, bool Failed) Judge(
        Scenario scenario, Figures app, Figures? baseline, bool drainFailed)
    {
        var ratio = baseline is null ? "-" : Inv.Ratio(app.Rate, baseline.Rate);
        var targets = new List<string>();
        var ok = !drainFailed;
        if (scenario.TargetRatio is { } r)
        {
            targets.Add($">= {Text(r)}x");
            // The ratio as the row shows it, two decimals, is what is held to the target.
            ok &= ratio != "-" && Inv.ParseDouble(ratio.TrimEnd('x')) >= r;
        }

        if (scenario.TargetRps is { } rps)
        {
            targets.Add($">= {Text(rps)} req/s");
            ok &= app.Rate >= rps;
        }

        if (scenario.TargetP99Ms is { } p99)
        {
            targets.Add($"p99 <= {Text(p99)} ms");
            ok &= Math.Round(app.P99Ms, 2) <= p99;
        }

        if (targets.Count == 0)
        {
            return (ratio, "- (information)", app.Errors == 0 ? "info" : $"info, {app.Errors} errors", false);
        }

        ok &= app.Errors == 0 && app.Requests > 0;
        return (ratio, string.Join(", ", targets), ok ? "**PASS**" : "**FAIL**", !ok);
    }

    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
