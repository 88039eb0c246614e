using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Diagnostics;

namespace OneDay.Api.Health;

/// <summary>
/// Probes the cluster and every domain's storage in the background, once per interval, and keeps the latest
/// outcome. /health/ready reads only that, so no number of anonymous callers can add a grain call or a
/// storage write, or starve the kubelet's own probe.
/// </summary>
public sealed partial class ReadinessProbe(
    IGrainFactory grains, TimeProvider time, HealthOptions options, ILogger<ReadinessProbe> logger) : BackgroundService
{
    private volatile ReadinessResult? _latest;

    public bool IsReady => ReadinessRules.IsReady(_latest, time.GetUtcNow(), options.Interval);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        do
        {
            var result = await ProbeAsync(stoppingToken);
            if (result.Succeeded != (_latest?.Succeeded ?? false))
            {
                LogChanged(logger, result.Succeeded ? "ready" : "not ready");
            }

            _latest = result;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<ReadinessResult> ProbeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await grains.Reference<IStorageProbeGrain>(0).Probe().WaitAsync(ReadinessRules.ProbeTimeout, time, stoppingToken);
            return new ReadinessResult(true, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The reason goes to the log for operators; callers of /health/ready only learn the status.
            LogProbeFailed(logger, ex);
            return new ReadinessResult(false, time.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Readiness: this gateway is now {State}")]
    private static partial void LogChanged(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness probe failed: the cluster or a storage did not answer")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);
}
