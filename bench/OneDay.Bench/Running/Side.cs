using OneDay.Bench.Measure;

namespace OneDay.Bench.Running;

/// <summary>One side of a measurement in turns: where wrk points, with which driver, and how its server is paused.</summary>
internal sealed record Side(string Label, string Target, WrkDriver Wrk, Action Freeze, Action Thaw);

/// <summary>
/// Two warmed-up servers measured in turns: BENCH_PAIRS pairs of runs, the server not being measured frozen, each
/// thawed one given discarded load first. This shared machine's speed drifts by a third over minutes; measured one
/// after the other, the two sides caught different moments of it, and their ratio moved with the drift.
/// </summary>
internal static class SideTurns
{
    public static async Task<(Figures App, Figures Baseline)> MeasureAsync(RunContext run, string name, Side app, Side baseline)
    {
        baseline.Freeze();
        BusyCheck.Sample(run, name + "-pairs");
        run.Log.Comment($"{name}: {run.Settings.Pairs} pairs of measured runs in turns (app first in odd pairs, baseline first in even ones); "
            + $"before each, the side's server is thawed (SIGCONT, the other one frozen) and gets {run.Settings.ResumeRound} s of discarded load");
        run.Log.Record(["wrk", .. app.Wrk.Arguments(app.Target, run.Settings.ResumeRound)]);
        var appRuns = new List<WrkRun>();
        var baseRuns = new List<WrkRun>();
        await Turns.TakeAsync(run, name, k => TakeAsync(name, app, baseline, k, appRuns), k => TakeAsync(name, baseline, app, k, baseRuns));
        baseline.Freeze();
        app.Thaw();
        return (Figures.Pool(appRuns), Figures.Pool(baseRuns));
    }

    private static async Task<long> TakeAsync(string name, Side side, Side other, int k, List<WrkRun> runs)
    {
        other.Freeze();
        side.Thaw();
        await side.Wrk.ResumeAsync($"{name}-{side.Label}-resume-{k}", side.Target);
        var result = await side.Wrk.MeasureAsync($"{name}-{side.Label}-{k}", side.Target);
        runs.Add(result);
        return Figures.Of(result).Rate;
    }
}
