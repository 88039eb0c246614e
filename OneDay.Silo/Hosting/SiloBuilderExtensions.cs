using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Jobs;
using OneDay.Silo.EventStore;
using OneDay.Silo.Storage;
using OneDay.Silo.Streaming.RabbitMq;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OneDay.Silo.Hosting;

/// <summary>
/// The one place that turns <see cref="OneDayOptions"/> into Orleans providers. The standalone silo and
/// the embedded gateway call <see cref="UseOneDay"/>; the TestingHost cluster, which owns its own
/// membership and ports, calls <see cref="UseOneDayProviders"/>.
/// </summary>
public static class SiloBuilderExtensions
{
    public const string AdoNetInvariant = "Npgsql";

    public static ISiloBuilder UseOneDay(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = OneDayConfiguration.Read(configuration);
        return silo.UseOneDayMembership(options).UseOneDayProviders(options);
    }

    /// <summary>Cluster identity, endpoints and the membership table.</summary>
    public static ISiloBuilder UseOneDayMembership(this ISiloBuilder silo, OneDayOptions options)
    {
        if (options.Kubernetes)
        {
            // Pod name, IP and cluster identity come from the downward API; membership stays in PostgreSQL.
            silo.UseKubernetesHosting();
        }
        else
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = options.Silo.SiloPort;
                o.GatewayPort = options.Silo.GatewayPort;
                o.AdvertisedIPAddress = string.IsNullOrWhiteSpace(options.Silo.AdvertisedAddress)
                    ? IPAddress.Loopback
                    : IPAddress.Parse(options.Silo.AdvertisedAddress);
            });
        }

        if (options.Mode == HostingMode.Embedded)
        {
            silo.UseDevelopmentClustering(new IPEndPoint(IPAddress.Loopback, options.Silo.SiloPort));
        }
        else
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = options.Postgres.ClusterConnectionString;
            });
        }

        return silo;
    }

    /// <summary>Grain storage per domain, reminders, streams, placement by domain and the dashboard.</summary>
    public static ISiloBuilder UseOneDayProviders(this ISiloBuilder silo, OneDayOptions options)
    {
        foreach (var domain in Domains.All)
        {
            if (options.Mode == HostingMode.Embedded)
            {
                silo.AddMemoryGrainStorage(domain);
            }
            else
            {
                silo.AddPostgresGrainStorage(domain, o => o.ConnectionString = options.Postgres.ConnectionStringFor(domain));
            }
        }

        if (options.Mode == HostingMode.Embedded)
        {
            silo.UseInMemoryReminderService();
            silo.AddMemoryGrainStorage(StreamProviders.PubSubStore);
        }
        else
        {
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = options.Postgres.ClusterConnectionString;
            });
            silo.AddPostgresGrainStorage(
                StreamProviders.PubSubStore, o => o.ConnectionString = options.Postgres.ConnectionStringFor(Domains.Analytics));
        }

        // Grains only ever name StreamProviders.Events; which queue backs it is decided here alone.
        if (options.Streams.Provider == StreamProviderKind.RabbitMQ)
        {
            silo.AddRabbitMqStreams(StreamProviders.Events, options.RabbitMq);
        }
        else
        {
            silo.AddMemoryStreams(StreamProviders.Events);
        }

        silo.AddOneDayEventStore(options);

        silo.Services.AddOneDayAccounts(options);
        silo.Services.AddOneDayJobs(silo.Configuration);

        silo.UseSiloMetadata(new Dictionary<string, string>
        {
            [DomainPlacementFilterStrategy.MetadataKey] = string.Join(',', options.HostedDomains()),
        });
        silo.Services.AddPlacementFilter<DomainPlacementFilterStrategy, DomainPlacementFilterDirector>(
            ServiceLifetime.Singleton);

        if (options.Dashboard)
        {
            silo.AddDashboard(options.ConfigureDashboard);
            DashboardTelemetryInterval.Apply(silo.Services, TimeSpan.FromSeconds(options.DashboardCounterIntervalSeconds));
        }

        return silo;
    }
}
