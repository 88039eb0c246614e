using OneDay.Hosting;
using Orleans.Dashboard;

namespace OneDay.Api.Hosting;

public static class OrleansSetup
{
    /// <summary>
    /// Cluster mode makes the gateway a pure Orleans client. Embedded mode co-hosts a silo with every
    /// domain, which only a process that references the silo can supply as <paramref name="coHostSilo"/>;
    /// this project does not, so that a cluster gateway ships no grains. Either way endpoints only see IGrainFactory.
    /// </summary>
    public static OneDayOptions AddOneDayOrleans(
        this WebApplicationBuilder builder, Action<IHostApplicationBuilder, OneDayOptions>? coHostSilo)
    {
        var options = OneDayConfiguration.Read(builder.Configuration);
        if (options.Mode == HostingMode.Embedded)
        {
            if (coHostSilo is null)
            {
                throw new OneDayConfigurationException(
                    "OneDay.Api is the cluster-mode gateway and hosts no silo: set OneDay:Mode=Cluster and " +
                    "OneDay:Gateways, or run embedded mode with `dotnet run --project OneDay.Embedded`.");
            }

            coHostSilo(builder, options);
        }
        else
        {
            var settings = GatewaySettings.Read(builder.Configuration);
            builder.UseOrleansClient(client =>
            {
                client.UseOneDayCluster(options, settings);
                if (options.Telemetry.TracesOn)
                {
                    client.AddActivityPropagation();
                }

                if (options.Dashboard)
                {
                    client.AddDashboard(options.ConfigureDashboard);
                }
            });
        }

        return options;
    }
}
