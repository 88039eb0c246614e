using System.Globalization;
using OneDay.Bench.Scenarios;
using OneDay.Testing;

namespace OneDay.Bench.Prepare;

/// <summary>The jobs and worker tokens bench/lua/jobs-apply.lua applies with, for every scenario that loads the app with applications.</summary>
internal static class ApplyLoad
{
    public static async Task PrepareAsync(PrepareContext context)
    {
        // Coprime counts: see bench/lua/jobs-apply.lua.
        var jobs = Running.BenchSettings.Int("BENCH_APPLY_JOBS", 1001);
        var workers = Running.BenchSettings.Int("BENCH_APPLY_WORKERS", 2048);
        var directory = System.IO.Path.Combine(context.RunDirectory, "apply");
        Directory.CreateDirectory(directory);
        File.Delete(System.IO.Path.Combine(directory, "runs"));
        // Far-future shifts (60-90 days) and the maximum headcount: no job starts, expires or fills during the run.
        var ids = await JobSeeder.SeedAsync(context.Http, context.BaseUrl, context.SigningKey, jobs, context.Cancellation, daysAhead: 60, headcount: 500);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "jobs.txt"), ids, context.Cancellation);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "tokens.txt"),
            Enumerable.Range(0, workers).Select(_ => BenchTokens.Sign(context.SigningKey, ["worker"], 240)), context.Cancellation);
        context.Exports["BENCH_APPLY_DIR"] = directory;
        context.Exports["BENCH_APPLY_SINCE"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
