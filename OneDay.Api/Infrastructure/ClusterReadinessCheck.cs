using Microsoft.Extensions.Diagnostics.HealthChecks;
using OneDay.Grains.Interfaces.Infrastructure;

namespace OneDay.Api.Infrastructure;

/// <summary>Ready only when a grain call reaches the cluster and every domain storage answers.</summary>
public sealed class ClusterReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await grains.Reference<IStorageProbeGrain>(0).Probe().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy(
                "cluster and storage answer",
                new Dictionary<string, object>
                {
                    ["silo"] = result.SiloAddress,
                    ["storages"] = result.StoragesChecked,
                });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reason is for operators reading /health/ready; it carries no request data.
            return HealthCheckResult.Unhealthy($"cluster or storage unavailable: {ex.GetType().Name}");
        }
    }
}
