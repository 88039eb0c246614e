namespace OneDay.Tests.Fixtures;

/// <summary>For calls that must succeed once the cluster has recovered (a silo restarted, a grain re-placed).</summary>
internal static class Retry
{
    public static async Task<T> UntilSuccess<T>(Func<Task<T>> call, int attempts = 60)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (attempt < attempts)
            {
                await Task.Delay(500);
            }
        }
    }
}
