using OneDay.Bench.Measure;

namespace OneDay.Bench.Running;

/// <summary>
/// The app against pgbench, in turns as against bare Kestrel: pgbench runs on the same PostgreSQL while the app's
/// processes are frozen, and nothing else runs while the app is measured. The first app run keeps the plain label
/// LABEL-app: its CPU is the one broken down per component.
/// </summary>
internal static class PgbenchTurns
{
    /// <returns>The pooled figures, and every app run (resumes included) for a drain step to count.</returns>
    public static async Task<(Figures App, Figures Baseline, List<WrkRun> AllAppRuns)> MeasureAsync(
        RunContext run, string name, string url, RunningApp app, WrkDriver wrk, PgbenchDriver pgbench, int? warmupMin, Action<bool>? cpu)
    {
        await wrk.WarmUpAsync(name + "-app", url, warmupMin);
        run.Log.Comment($"{name}: {run.Settings.Pairs} pairs of measured runs in turns (app first in odd pairs, pgbench first in even ones); "
            + $"the app's processes are frozen (SIGSTOP) while pgbench runs, and get {run.Settings.ResumeRound} s of discarded load once thawed");
        run.Log.Record(["wrk", .. wrk.Arguments(url, run.Settings.ResumeRound)]);
        var frozen = false;
        var appRuns = new List<WrkRun>();
        var allRuns = new List<WrkRun>();
        var baseLabels = new List<string>();
        try
        {
            await Turns.TakeAsync(run, name,
                async k =>
                {
                    if (frozen)
                    {
                        app.Thaw();
                        frozen = false;
                        var resume = $"{name}-app-resume-{k}";
                        await wrk.ResumeAsync(resume, url);
                        allRuns.AddRange(WrkRun.ParseAll(await File.ReadAllTextAsync(run.RawFile(resume))));
                    }

                    var result = await wrk.MeasureAsync(k == 1 ? name + "-app" : $"{name}-app-{k}", url, k == 1 ? cpu : null);
                    appRuns.Add(result);
                    allRuns.Add(result);
                    return Figures.Of(result).Rate;
                },
                async k =>
                {
                    app.Freeze();
                    frozen = true;
                    var label = $"{name}-baseline-{k}";
                    var figures = await pgbench.MeasureAsync(label);
                    baseLabels.Add(label);
                    return figures.Rate;
                });
        }
        finally
        {
            app.Thaw();
        }

        return (Figures.Pool(appRuns), pgbench.Pool(baseLabels), allRuns);
    }
}
