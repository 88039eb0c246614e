namespace OneDay.Tests.Fixtures;

/// <summary>For calls that must succeed once the cluster has recovered (a silo restarted, a grain re-placed).</summary>
internal static class Retry
{
    private static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Retries until <paramref name="within"/> has passed, then lets the last failure through. Bounded by time,
    /// not attempts: a call into a cluster that never recovers waits out its 30 s response timeout each time,
    /// so sixty attempts could keep one broken call going for half an hour.
    /// </summary>
    public static async Task<T> UntilSuccess<T>(Func<Task<T>> call, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? DefaultWithin);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="within"/> has passed; answers the last read either way.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }
}
