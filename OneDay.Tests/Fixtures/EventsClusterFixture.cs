using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using Orleans.TestingHost;

namespace OneDay.Tests.Fixtures;

/// <summary>
/// Domain events as deployed: two TestingHost silos in cluster mode (grain state, pub-sub and the event
/// store in a throwaway PostgreSQL, so state survives a killed silo), streams on a throwaway RabbitMQ,
/// and the real gateway as a client producing on the same provider.
/// </summary>
public sealed class EventsClusterFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbit;
    private TestCluster? _cluster;
    private GatewayHost? _gateway;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL not started.");

    public RabbitMqServer Rabbit => _rabbit ?? throw new InvalidOperationException("RabbitMQ not started.");

    public GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("Gateway not started.");

    public string Database { get; private set; } = string.Empty;

    public IGrainFactory Grains => Gateway.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var rabbit = RabbitMqServer.StartAsync();
        _postgres = await postgres;
        _rabbit = await rabbit;
        Database = await _postgres.CreateDatabaseAsync("events_" + Guid.NewGuid().ToString("N")[..8]);
        await new OneDay.Silo.Postgres.Migrations.SchemaMigrator(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OneDay.Silo.Postgres.Migrations.SchemaMigrator>.Instance).MigrateAsync(Database);

        var settings = new Dictionary<string, string>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:Postgres:ConnectionString"] = Database,
            ["OneDay:Dashboard"] = "false",
            ["OneDay:Streams:Provider"] = "RabbitMQ",
            ["OneDay:RabbitMq:Host"] = "127.0.0.1",
            ["OneDay:RabbitMq:Port"] = _rabbit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OneDay:RabbitMq:QueueCount"] = "8",
            ["OneDay:RabbitMq:QueueNamePrefix"] = "events-test",
        };
        _cluster = await TestClusters.StartAsync(settings);
        _gateway = await GatewayHost.StartForAsync(_cluster, settings);
    }

    /// <summary>An HTTP client carrying a token from the gateway's own issuer with the given roles.</summary>
    public HttpClient ClientWithRoles(params string[] roles)
    {
        var token = Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(Guid.NewGuid(), Guid.NewGuid(), roles).Token;
        var client = new HttpClient { BaseAddress = Gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await Teardown.StopAsync(_cluster);

        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsClusterFixture>
{
    public const string Name = "events";
}
