using System.Net;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Silo.Eventing;
using OneDay.Silo.Eventing.RabbitMq;
using Orleans.Configuration;

namespace OneDay.Silo.Hosting;

/// <summary>How a gateway that does not co-host a silo finds the cluster.</summary>
public static class ClientBuilderExtensions
{
    public static IClientBuilder UseOneDayCluster(this IClientBuilder client, OneDayOptions options)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        var gateways = ParseGateways(options.Gateways);
        if (gateways.Count > 0)
        {
            client.UseStaticClustering(gateways.ToArray());
        }
        else
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = SiloBuilderExtensions.AdoNetInvariant;
                o.ConnectionString = options.Postgres.ClusterConnectionString;
            });
        }

        if (ClusterTls.AppliesTo(options))
        {
            client.UseOneDayTls(options.Tls);
        }

        // The gateway can produce events too, so it needs the same provider and queue mapping as the silos.
        if (options.Streams.Provider == StreamProviderKind.RabbitMQ)
        {
            client.AddRabbitMqStreams(StreamProviders.Events, options.RabbitMq);
        }
        else
        {
            client.AddMemoryStreams(StreamProviders.Events, stream => stream.ConfigureStreamPubSub(EventStreamSettings.PubSub));
        }

        return client;
    }

    public static IReadOnlyList<IPEndPoint> ParseGateways(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(endpoint => IPEndPoint.TryParse(endpoint, out var parsed) && parsed.Port != 0
                ? parsed
                : throw new OneDayConfigurationException(
                    $"OneDay:Gateways entry '{endpoint}' is not an IP:port endpoint."))
            .ToArray();
    }
}
