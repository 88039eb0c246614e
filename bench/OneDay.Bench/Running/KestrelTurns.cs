using OneDay.Bench.Measure;

namespace OneDay.Bench.Running;

/// <summary>
/// The app against bare Kestrel, in turns (<see cref="SideTurns"/>). The baseline gets the app run's own wrk script
/// and headers (same paths, tokens and Lua), so the load generator, which shares the cores, costs the same on both
/// sides.
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
        return await SideTurns.MeasureAsync(run, name,
            new Side("app", appTarget, wrk, app.Freeze, app.Thaw),
            new Side("baseline", baseTarget, wrk, () => Signals.Freeze([kestrel.Id]), () => Signals.Thaw([kestrel.Id])));
    }
}
