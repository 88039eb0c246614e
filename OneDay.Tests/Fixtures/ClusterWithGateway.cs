using Orleans.TestingHost;

namespace OneDay.Tests.Fixtures;

/// <summary>
/// An in-process cluster on one PostgreSQL database, with a cluster-mode gateway in front: for tests that need a
/// database of their own (one seeded before the silos start, or one a second cluster must find again).
/// </summary>
public sealed class ClusterWithGateway : IAsyncDisposable
{
    private ClusterWithGateway(TestCluster cluster, GatewayHost gateway)
    {
        Cluster = cluster;
        Gateway = gateway;
    }

    public TestCluster Cluster { get; }

    public GatewayHost Gateway { get; }

    /// <summary>Starts <paramref name="silos"/> silos on <paramref name="database"/> with the bootstrap admin address set.</summary>
    /// <param name="siloSettings">More settings for the silos, over the defaults.</param>
    /// <param name="gatewayUrl">Where the gateway listens, when the silos must know it (a free port by default).</param>
    public static async Task<ClusterWithGateway> StartAsync(
        string database, short silos = 2, string? serviceId = null, IDictionary<string, string>? siloSettings = null, string? gatewayUrl = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:Postgres:ConnectionString"] = database,
            ["OneDay:Security:BootstrapAdminEmail"] = TestApi.AdminEmail,
            ["OneDay:Security:PasswordHashIterations"] = "10000",
        };
        foreach (var (key, value) in siloSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var cluster = await TestClusters.StartAsync(settings, silos, serviceId);
        try
        {
            var gatewaySettings = gatewayUrl is null ? null : new Dictionary<string, string> { ["Urls"] = gatewayUrl };
            return new ClusterWithGateway(cluster, await GatewayHost.StartForAsync(cluster, gatewaySettings));
        }
        catch
        {
            await Teardown.StopAsync(cluster);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Teardown.StopAsync(Cluster);
    }
}
