namespace OneDay.Tests.Fixtures;

/// <summary>
/// Teardown steps with a time limit. A stop that stalls (a silo waiting on a broker that went away, a grain
/// stuck in a call) is abandoned with a line on the console naming it: the processes and servers it leaves
/// end with the test host, while an unbounded wait would stall the whole run without saying where.
/// </summary>
internal static class Teardown
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task BoundedAsync(string what, Func<Task> step)
    {
        try
        {
            await step().WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"[teardown] {what} did not finish within {Limit}; abandoned.");
        }
    }

    /// <summary>Stops a test cluster's silos gracefully and disposes it, within <see cref="Limit"/> each.</summary>
    public static async Task StopAsync(Orleans.TestingHost.TestCluster? cluster)
    {
        if (cluster is null)
        {
            return;
        }

        await BoundedAsync($"stopping test cluster {cluster.Options.ClusterId}", cluster.StopAllSilosAsync);
        await BoundedAsync($"disposing test cluster {cluster.Options.ClusterId}", () => cluster.DisposeAsync().AsTask());
    }
}
