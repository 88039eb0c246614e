using Orleans.TestingHost;

namespace OneDay.Tests.Fixtures;

/// <summary>
/// The shared two-silo TestingHost cluster (in-memory providers) with the real gateway in front of it as
/// a pure Orleans client, talking to the silos' gateway endpoints over TCP.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;
    private GatewayHost? _gateway;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("Gateway not started.");

    public HttpClient Http => Gateway.Client;

    public TestApi Api => new(Gateway);

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(new Dictionary<string, string>
        {
            ["OneDay:Mode"] = "Embedded",
            ["OneDay:Security:BootstrapAdminEmail"] = TestApi.AdminEmail,
            // The cheapest cost the configuration allows: tests hash hundreds of passwords on two cores.
            ["OneDay:Security:PasswordHashIterations"] = "10000",
        });
        _gateway = await StartGatewayAsync();
    }

    /// <summary>Another gateway in front of the same silos, for what must work across gateways; the caller disposes it.</summary>
    public Task<GatewayHost> StartGatewayAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:Gateways"] = string.Join(',', Cluster.Silos.Select(s => $"127.0.0.1:{s.GatewayAddress.Endpoint.Port}")),
            ["OneDay:ClusterId"] = Cluster.Options.ClusterId,
            ["OneDay:ServiceId"] = Cluster.Options.ServiceId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return GatewayHost.StartAsync(all, PipelineProbeEndpoints.Map);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await Teardown.StopAsync(_cluster);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
