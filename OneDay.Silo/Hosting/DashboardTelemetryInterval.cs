using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneDay.Silo.Hosting;

/// <summary>
/// Slows the dashboard's own telemetry reader. Orleans.Dashboard 10 reads every instrument of the Orleans
/// meter once a second, and one of them (the pending-request gauge) walks every activation on each read: on a
/// silo holding hundreds of thousands of activations each walk is a burst of CPU that stalls requests behind
/// it. The package has no option for that interval (only for its counter polling), so this sets the
/// reader's internal interval on the dashboard's host service when it is created.
/// </summary>
/// <remarks>
/// Reflection on a pinned package version: <see cref="Apply"/> throws at startup, naming what it looked for,
/// if an upgrade renamed the type or property, and a test builds a silo through it.
/// </remarks>
public static class DashboardTelemetryInterval
{
    private const string HostTypeName = "Orleans.Dashboard.DashboardHost";
    private const string IntervalProperty = "ExportIntervalMilliseconds";

    public static void Apply(IServiceCollection services, TimeSpan interval)
    {
        var hostType = typeof(Orleans.Dashboard.DashboardOptions).Assembly.GetType(HostTypeName)
            ?? throw Missing($"type {HostTypeName}");
        var property = hostType.GetProperty(IntervalProperty, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw Missing($"property {HostTypeName}.{IntervalProperty}");
        if (!services.Any(d => d.ServiceType == hostType))
        {
            throw Missing($"a {HostTypeName} registration (call AddDashboard first)");
        }

        var milliseconds = (int)interval.TotalMilliseconds;
        services.Replace(ServiceDescriptor.Singleton(hostType, provider =>
        {
            var host = ActivatorUtilities.CreateInstance(provider, hostType);
            property.SetValue(host, milliseconds);
            return host;
        }));
    }

    private static InvalidOperationException Missing(string what) => new(
        $"Orleans.Dashboard changed: {what} was not found, so the dashboard's telemetry interval cannot be set. " +
        "Check DashboardTelemetryInterval against the new package version.");
}
