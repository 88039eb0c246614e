using OneDay.Bench.Scenarios;

namespace OneDay.Bench.Prepare;

/// <summary>
/// Waits for the app to go quiet after a preparation that started asynchronous work (the events of thousands of
/// shifts, their consumers' writes, reminders), so that this work does not fall into the warm-up, and into the CPU
/// and writes counted per request. Only the run's own servers count (the app's processes, PostgreSQL, RabbitMQ),
/// so another load on a shared machine neither hides the app's work nor keeps the wait going. Idle, the servers
/// still use some CPU (timers, the dashboard's collection, stream polling): quiet is within a margin of what they
/// used before the preparation.
/// </summary>
internal static class Quiet
{
    private const int CalmSeconds = 5;

    /// <summary>
    /// The cores the servers use at rest: 3-second windows until two in a row agree within 0.1 cores (the silos
    /// are still starting up when the app first answers ready), at most a minute of them.
    /// </summary>
    public static async Task<double> IdleAsync(PrepareContext context)
    {
        var previous = double.MaxValue;
        for (var window = 0; window < 20; window++)
        {
            var (began, cpu) = (DateTime.UtcNow, context.CpuSeconds());
            await Task.Delay(TimeSpan.FromSeconds(3), context.Cancellation);
            var cores = (context.CpuSeconds() - cpu) / (DateTime.UtcNow - began).TotalSeconds;
            if (Math.Abs(cores - previous) <= 0.1)
            {
                return Math.Min(cores, previous);
            }

            previous = cores;
        }

        return previous;
    }

    /// <summary>Until the servers used at most IDLE + 0.15 cores for 5 one-second samples in a row, or TIMEOUT passed.</summary>
    /// <param name="idle">What <see cref="IdleAsync"/> measured before the preparation.</param>
    /// <returns>What the wait found, for the preparation's summary.</returns>
    public static async Task<string> WaitAsync(PrepareContext context, double idle, TimeSpan timeout)
    {
        var quiet = idle + 0.15;
        var began = DateTime.UtcNow;
        var calm = 0;
        var cores = 0.0;
        var (previousAt, previousCpu) = (began, context.CpuSeconds());
        while (DateTime.UtcNow - began < timeout)
        {
            await Task.Delay(1000, context.Cancellation);
            var (at, cpu) = (DateTime.UtcNow, context.CpuSeconds());
            cores = (cpu - previousCpu) / Math.Max((at - previousAt).TotalSeconds, 1e-3);
            (previousAt, previousCpu) = (at, cpu);
            calm = cores <= quiet ? calm + 1 : 0;
            if ((int)(at - began).TotalSeconds % 15 == 0)
            {
                Console.WriteLine($"      waiting for the servers to go quiet: {Inv.F(cores, 2)} cores");
            }

            if (calm >= CalmSeconds)
            {
                break;
            }
        }

        var waited = (DateTime.UtcNow - began).TotalSeconds;
        var found = calm >= CalmSeconds
            ? $"the servers went quiet (at most {Inv.F(quiet, 2)} cores for {CalmSeconds} s; {Inv.F(idle, 2)} before the preparation) after {Inv.F(waited, 0)} s"
            : $"the servers still used {Inv.F(cores, 2)} cores at the {Inv.F(waited, 0)} s timeout ({Inv.F(idle, 2)} before the preparation)";
        Console.WriteLine("      " + found);
        return found;
    }
}
