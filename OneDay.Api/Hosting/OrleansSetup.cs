using OneDay.Silo.Hosting;
using Orleans.Dashboard;

namespace OneDay.Api.Hosting;

public static class OrleansSetup
{
    /// <summary>
    /// Embedded mode co-hosts a silo with every domain in this process; cluster mode makes the gateway a
    /// pure Orleans client. Either way endpoints only see IGrainFactory.
    /// </summary>
    public static OneDayOptions AddOneDayOrleans(this WebApplicationBuilder builder)
    {
        var options = OneDayConfiguration.Read(builder.Configuration);
        if (options.Mode == HostingMode.Embedded)
        {
            builder.UseOrleans(silo => silo.UseOneDayMembership(options).UseOneDayProviders(options));
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                client.UseOneDayCluster(options);
                if (options.Dashboard)
                {
                    client.AddDashboard(options.ConfigureDashboard);
                }
            });
        }

        return options;
    }
}
