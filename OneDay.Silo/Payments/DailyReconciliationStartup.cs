using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Silo.Payments;

/// <summary>
/// Every payments silo makes sure the daily reconciliation's reminder exists as it starts: a reminder is
/// cluster-wide and durable, so registering it again is harmless, and no operator has to remember to.
/// </summary>
public static partial class DailyReconciliationStartup
{
    public static async Task StartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<IGrainFactory>().Reference<IDailyReconciliationGrain>(0).Start();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A silo is no less able to serve without it; the next payments silo to start registers it.
            LogNotStarted(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DailyReconciliationStartup)), ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daily reconciliation's reminder could not be registered at start; it will be when the next payments silo starts")]
    private static partial void LogNotStarted(ILogger logger, Exception exception);
}
