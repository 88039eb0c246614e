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
}
