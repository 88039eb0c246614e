using OneDay.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;

namespace OneDay.Api.Hosting;

/// <summary>How a gateway that does not co-host a silo finds the cluster.</summary>
public static class ClientBuilderExtensions
{
    /// <summary>
    /// Silos are found at <see cref="GatewaySettings.Gateways"/>, not in the membership table: the gateway
    /// faces the internet, and this way it holds no database credentials and ships no database driver.
    /// </summary>
    public static IClientBuilder UseOneDayCluster(this IClientBuilder client, OneDayOptions options, GatewaySettings settings)
    {
        var gateways = GatewayEndpoints.Parse(settings.Gateways);
        if (gateways.Count == 0)
        {
            throw new OneDayConfigurationException(
                "A cluster-mode gateway finds the silos at OneDay:Gateways: set it to their gateway endpoints, " +
                "comma-separated host:port (a DNS name may stand for many silos, e.g. a headless Service).");
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        client.Services.AddSingleton(gateways);
        client.Services.AddSingleton<IGatewayListProvider, DnsGatewayListProvider>();
        client.AddOutgoingGrainCallFilter<UndeliveredCallRetry>();

        if (ClusterTls.AppliesTo(options))
        {
            client.UseOneDayTls(options.Tls);
        }

        return client;
    }
}
