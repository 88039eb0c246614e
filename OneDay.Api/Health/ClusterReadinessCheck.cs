using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OneDay.Api.Health;

/// <summary>Ready while the background <see cref="ReadinessProbe"/> last reached a silo and every domain storage, recently.</summary>
public sealed class ClusterReadinessCheck(ReadinessProbe probe) : IHealthCheck
{
    private static readonly Task<HealthCheckResult> Ready = Task.FromResult(HealthCheckResult.Healthy());
    private static readonly Task<HealthCheckResult> NotReady = Task.FromResult(HealthCheckResult.Unhealthy());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        probe.IsReady ? Ready : NotReady;
}
