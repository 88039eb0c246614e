namespace OneDay.Bench.Running;

/// <summary>BENCH_PAIRS pairs of measured runs, app first in odd pairs and baseline first in even ones.</summary>
internal static class Turns
{
    /// <summary>Which side goes first in pair K (1-based).</summary>
    public static bool AppFirst(int pair) => pair % 2 == 1;

    /// <param name="app">Measures the app in pair K; returns its rate.</param>
    /// <param name="baseline">Measures the baseline in pair K; returns its rate.</param>
    public static async Task TakeAsync(RunContext run, string name, Func<int, Task<long>> app, Func<int, Task<long>> baseline)
    {
        for (var k = 1; k <= run.Settings.Pairs; k++)
        {
            long appRate, baseRate;
            if (AppFirst(k))
            {
                appRate = await app(k);
                baseRate = await baseline(k);
            }
            else
            {
                baseRate = await baseline(k);
                appRate = await app(k);
            }

            run.Log.Pairs.Add((name, k, AppFirst(k) ? "app first" : "baseline first", appRate, baseRate));
        }
    }
}
