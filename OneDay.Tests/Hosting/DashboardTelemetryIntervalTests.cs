using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Hosting;
using OneDay.Tests.Fixtures;
using Orleans.TestingHost;

namespace OneDay.Tests.Hosting;

/// <summary>The silos' dashboard reads its telemetry at the configured interval, not the package's one second.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardTelemetryIntervalTests(ClusterFixture fixture)
{
    [Fact]
    public void Every_silo_dashboard_reads_telemetry_at_the_configured_interval()
    {
        var hostType = typeof(Orleans.Dashboard.DashboardOptions).Assembly.GetType("Orleans.Dashboard.DashboardHost", throwOnError: true)!;
        var interval = hostType.GetProperty("ExportIntervalMilliseconds", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!;
        var expected = new OneDayOptions().DashboardCounterIntervalSeconds * 1000;

        foreach (var silo in fixture.Cluster.Silos.Cast<InProcessSiloHandle>())
        {
            var host = silo.ServiceProvider.GetRequiredService(hostType);
            Assert.Equal(expected, interval.GetValue(host));
        }
    }
}
