using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Api.Analytics;

/// <summary>
/// Reports this gateway's request window to the cluster every few seconds, so the console answered by any gateway
/// shows the requests of all of them.
/// </summary>
public sealed partial class GatewayTrafficReporter(
    IGrainFactory grains, RequestWindow requests, TimeProvider time, ILogger<GatewayTrafficReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>This process among the gateways: its host and a number of its own, as several may share a host.</summary>
    public string Name { get; } = $"{Environment.MachineName}/{Guid.NewGuid().ToString("N")[..12]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.Reference<IGatewayTrafficGrain>(0).Report(Name, requests.Counts()).WaitAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The cluster is away: this gateway answers 503s meanwhile, and the next report catches up.
                    LogReportFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The gateway's request figures could not be reported to the cluster")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
