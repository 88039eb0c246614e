using Microsoft.Extensions.DependencyInjection;
using OneDay.Tests.Fixtures;
using Orleans.TestingHost;

namespace OneDay.Tests.Jobs;

/// <summary>Grain factories of each in-process silo, so a test can issue the same command from both silos at once.</summary>
public static class SiloCalls
{
    public static IGrainFactory[] Factories(ClusterFixture fixture) =>
    [
        .. fixture.Cluster.Silos.Select(s => s is InProcessSiloHandle silo
            ? silo.ServiceProvider.GetRequiredService<IGrainFactory>()
            : throw new InvalidOperationException("The test cluster runs its silos in process.")),
    ];
}
