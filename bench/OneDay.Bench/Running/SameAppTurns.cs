using OneDay.Bench.Measure;
using OneDay.Bench.Scenarios;

namespace OneDay.Bench.Running;

/// <summary>
/// The app against itself with the scenario's <see cref="Scenario.BaselineEnvironment"/> on top (what a setting
/// costs), in turns (<see cref="SideTurns"/>). The second instance is started and prepared like the first; its wrk
/// gets the same script with the data its own preparation exported.
/// </summary>
internal static class SameAppTurns
{
    /// <param name="startBaseline">Starts and prepares the second instance; answers it and its wrk driver.</param>
    public static async Task<(Figures App, Figures Baseline)> MeasureAsync(
        RunContext run, Scenario scenario, RunningApp app, WrkDriver wrk, Func<Task<(RunningApp App, WrkDriver Wrk)>> startBaseline)
    {
        var name = scenario.Name;
        var appTarget = app.Url + scenario.Path;
        await wrk.WarmUpAsync(name + "-app", appTarget, scenario.WarmupMin);
        app.Freeze();
        var changes = string.Join(" ", scenario.BaselineEnvironment.Select(kv => $"{kv.Key}={kv.Value}"));
        run.Log.Comment($"{name}-baseline: the app again with {changes}, prepared the same way (the app frozen with SIGSTOP meanwhile)");
        var (baseline, baselineWrk) = await startBaseline();
        await using (baseline)
        {
            var baseTarget = baseline.Url + scenario.Path;
            await baselineWrk.WarmUpAsync(name + "-baseline", baseTarget, scenario.WarmupMin);
            return await SideTurns.MeasureAsync(run, name,
                new Side("app", appTarget, wrk, app.Freeze, app.Thaw),
                new Side("baseline", baseTarget, baselineWrk, baseline.Freeze, baseline.Thaw));
        }
    }
}
