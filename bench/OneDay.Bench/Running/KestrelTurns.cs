using OneDay.Bench.Measure;

namespace OneDay.Bench.Running;

/// <summary>
/// The app against bare Kestrel, in turns: both are warmed up, then BENCH_PAIRS pairs of measured runs follow, app
/// then baseline in odd pairs and baseline then app in even ones, the server not being measured frozen. This
/// shared machine's speed drifts by a third over minutes; measured one after the other, app and baseline caught
/// different moments of it, and the ratio moved with the drift. In turns, a drift falls on both sides. The
/// baseline gets the app run's own wrk script and headers (same paths, tokens and Lua), so the load generator,
/// which shares the cores, costs the same on both sides.
/// </summary>
internal static class KestrelTurns
{
    public static async Task<(Figures App, Figures Baseline)> MeasureAsync(RunContext run, string name, string path, RunningApp app, WrkDriver wrk, int? warmupMin)
    {
        var appTarget = app.Url + path;
        await wrk.WarmUpAsync(name + "-app", appTarget, warmupMin);
        app.Freeze();
        var port = run.TakePort();
        var kestrelUrl = $"http://127.0.0.1:{port}";
        var baseTarget = kestrelUrl + path;
        run.Log.Comment($"{name}-baseline: bare Kestrel, the scenario's wrk script and headers (the app frozen with SIGSTOP meanwhile)");
        var directory = run.Published("kestrel");
        var dll = Path.Combine(directory, "BareKestrel.dll");
        run.Log.Record(["env", "-C", directory, "dotnet", dll, "--urls", kestrelUrl]);
        await using var kestrel = ServerProcess.Start("kestrel", Path.Combine(run.Logs, name + "-kestrel.log"), directory,
            new Dictionary<string, string>(), "dotnet", [dll, "--urls", kestrelUrl]);
        await Readiness.WaitAsync(kestrelUrl + "/json", TimeSpan.FromSeconds(30), () => kestrel.HasExited, run.Cancellation);
        await wrk.WarmUpAsync(name + "-baseline", baseTarget, warmupMin);
        Signals.Freeze([kestrel.Id]);
        BusyCheck.Sample(run, name + "-pairs");
        run.Log.Comment($"{name}: {run.Settings.Pairs} pairs of measured runs in turns (app first in odd pairs, baseline first in even ones); "
            + $"before each, the side's server is thawed (SIGCONT, the other one frozen) and gets {run.Settings.ResumeRound} s of discarded load");
        run.Log.Record(["wrk", .. wrk.Arguments(appTarget, run.Settings.ResumeRound)]);
        var appRuns = new List<WrkRun>();
        var baseRuns = new List<WrkRun>();
        await Turns.TakeAsync(run, name,
            async k =>
            {
                Signals.Freeze([kestrel.Id]);
                app.Thaw();
                await wrk.ResumeAsync($"{name}-app-resume-{k}", appTarget);
                var result = await wrk.MeasureAsync($"{name}-app-{k}", appTarget);
                appRuns.Add(result);
                return Figures.Of(result).Rate;
            },
            async k =>
            {
                app.Freeze();
                Signals.Thaw([kestrel.Id]);
                await wrk.ResumeAsync($"{name}-baseline-resume-{k}", baseTarget);
                var result = await wrk.MeasureAsync($"{name}-baseline-{k}", baseTarget);
                baseRuns.Add(result);
                return Figures.Of(result).Rate;
            });
        app.Thaw();
        return (Figures.Pool(appRuns), Figures.Pool(baseRuns));
    }
}
