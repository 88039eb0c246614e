using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Jobs;
using OneDay.Grains.Placement;
using OneDay.Grains.Users;
using OneDay.Hosting;
using OneDay.Silo.Analytics;
using OneDay.Silo.Communication;
using OneDay.Silo.Eventing;
using OneDay.Silo.Eventing.RabbitMq;
using OneDay.Silo.Matching;
using OneDay.Silo.Payments;
using OneDay.Silo.Payments.Providers;
using OneDay.Silo.Placement;
using OneDay.Silo.Postgres;
using OneDay.Silo.Postgres.GrainStorage;
using OneDay.Silo.Postgres.Migrations;
using OneDay.Silo.Security;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;

namespace OneDay.Silo.Hosting;

/// <summary>
/// The one place that turns <see cref="OneDayOptions"/> and <see cref="SiloSettings"/> into Orleans providers. The standalone silo and
/// the embedded gateway call <see cref="UseOneDay"/>; the TestingHost cluster, which owns its own
/// membership and ports, calls <see cref="UseOneDayProviders"/>.
/// </summary>
public static class SiloBuilderExtensions
{
    public const string AdoNetInvariant = "Npgsql";
    private const int EmbeddedDirectoryCacheSize = 50_000;

    public static ISiloBuilder UseOneDay(this ISiloBuilder silo, IConfiguration configuration)
    {
        var oneDay = OneDayConfiguration.Read(configuration);
        var settings = SiloSettings.Read(configuration, oneDay);
        return silo.UseOneDayMembership(oneDay, settings).UseOneDayProviders(oneDay, settings);
    }

    /// <summary>Cluster identity, endpoints, the membership table and the TLS its connections use.</summary>
    public static ISiloBuilder UseOneDayMembership(this ISiloBuilder silo, OneDayOptions oneDay, SiloSettings settings)
    {
        if (settings.Kubernetes)
        {
            // Pod name, IP and cluster identity come from the downward API; membership stays in PostgreSQL.
            silo.UseKubernetesHosting();
        }
        else
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = oneDay.ClusterId;
                o.ServiceId = oneDay.ServiceId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = settings.Silo.SiloPort;
                o.GatewayPort = settings.Silo.GatewayPort;
                o.AdvertisedIPAddress = string.IsNullOrWhiteSpace(settings.Silo.AdvertisedAddress)
                    ? IPAddress.Loopback
                    : IPAddress.Parse(settings.Silo.AdvertisedAddress);
            });
        }

        if (oneDay.Mode == HostingMode.Embedded)
        {
            silo.UseDevelopmentClustering(new IPEndPoint(IPAddress.Loopback, settings.Silo.SiloPort));
            // The directory's cache remembers where every grain ever activated lives (1,000,000 by default, about 250
            // bytes each), though in one process the directory it saves a trip to is local: the busy grains are enough.
            silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = EmbeddedDirectoryCacheSize);
        }
        else
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = settings.Postgres.ClusterConnectionString;
            });
        }

        if (ClusterTls.AppliesTo(oneDay))
        {
            silo.UseOneDayTls(oneDay.Tls);
        }

        return silo;
    }

    /// <summary>Grain storage per domain, reminders, streams, placement by domain and the dashboard.</summary>
    public static ISiloBuilder UseOneDayProviders(this ISiloBuilder silo, OneDayOptions oneDay, SiloSettings settings)
    {
        foreach (var domain in Domains.All)
        {
            if (oneDay.Mode == HostingMode.Embedded)
            {
                silo.AddMemoryGrainStorage(domain, BinaryState);
            }
            else
            {
                silo.AddPostgresGrainStorage(domain, o => o.ConnectionString = settings.Postgres.ConnectionStringFor(domain));
            }
        }

        if (oneDay.Mode == HostingMode.Cluster && settings.HostedDomains().Contains(Domains.Users))
        {
            // Before the silo joins, so none of its email index grains reads a row that still has its old key.
            silo.AddStartupTask(RekeyLegacyEmailIndexAsync(settings.Postgres), ServiceLifecycleStage.RuntimeInitialize);
        }

        if (settings.HostedDomains().Contains(Domains.Payments))
        {
            silo.AddStartupTask(DailyReconciliationStartup.StartAsync);
        }

        if (oneDay.Mode == HostingMode.Embedded)
        {
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = AdoNetInvariant;
                o.ConnectionString = settings.Postgres.ClusterConnectionString;
            });
        }

        // Grains only ever name StreamProviders.Events; which queue backs it is decided here alone. Its pub-sub
        // is implicit-only (EventStreamSettings), so no "PubSubStore" storage is registered.
        if (settings.Streams.Provider == StreamProviderKind.RabbitMQ)
        {
            silo.AddRabbitMqStreams(StreamProviders.Events, settings.RabbitMq);
        }
        else
        {
            silo.AddMemoryStreams(StreamProviders.Events, stream =>
            {
                stream.ConfigureStreamPubSub(EventStreamSettings.PubSub);
                stream.ConfigurePullingAgent(agent => EventStreamSettings.ConfigureAgents(agent));
            });
        }

        silo.AddOneDayEventStore(oneDay, settings);
        silo.AddOneDayAnalytics(oneDay, settings);

        silo.Services.AddOneDayAccounts(oneDay, settings);
        silo.Services.AddOneDayJobs(silo.Configuration);
        silo.Services.AddOneDayPayments(oneDay, settings);
        silo.Services.AddOneDayPaymentProvider(silo.Configuration);
        silo.Services.AddOneDayEmail(silo.Configuration);
        silo.Services.AddOneDayChat(oneDay, settings);
        silo.Services.AddOneDayMatching(silo.Configuration, oneDay, settings);

        silo.Services.AddSingleton<CollectedMemoryTrim>();
        silo.Services.AddSingleton<IActivationWorkingSetObserver>(sp => sp.GetRequiredService<CollectedMemoryTrim>());
        silo.Services.AddHostedService(sp => sp.GetRequiredService<CollectedMemoryTrim>());

        silo.UseSiloMetadata(new Dictionary<string, string>
        {
            [DomainPlacementFilterStrategy.MetadataKey] = string.Join(',', settings.HostedDomains()),
        });
        silo.Services.AddPlacementFilter<DomainPlacementFilterStrategy, DomainPlacementFilterDirector>(
            ServiceLifetime.Singleton);

        if (oneDay.Telemetry.TracesOn)
        {
            // A grain call carries its caller's trace, so one trace follows a request through every grain.
            silo.AddActivityPropagation();
        }

        if (oneDay.Dashboard)
        {
            silo.AddDashboard(oneDay.ConfigureDashboard);
            DashboardTelemetryInterval.Apply(silo.Services, TimeSpan.FromSeconds(oneDay.DashboardCounterIntervalSeconds));
        }

        return silo;
    }

    /// <summary>
    /// Memory storage keeps each state serialized, by default as Newtonsoft.Json with type names, which is
    /// costly on the embedded silo's write path. The Orleans binary serializer is the one the PostgreSQL
    /// storage uses, so both modes round-trip state through the same contracts.
    /// </summary>
    private static void BinaryState(OptionsBuilder<MemoryGrainStorageOptions> options) =>
        options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

    private static Func<IServiceProvider, CancellationToken, Task> RekeyLegacyEmailIndexAsync(PostgresOptions postgres) =>
        async (services, cancellationToken) =>
        {
            await using var database = PostgresDataSources.Build(postgres.ConnectionStringFor(Domains.Users));
            var logger = services.GetRequiredService<ILogger<LegacyEmailIndexKeys>>();
            // The service id the grain storage writes under, which a test cluster chooses for itself.
            var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            await new LegacyEmailIndexKeys(database, services.GetRequiredService<EmailIndexKeys>(), serviceId, logger)
                .RekeyAsync(cancellationToken);
        };
}
