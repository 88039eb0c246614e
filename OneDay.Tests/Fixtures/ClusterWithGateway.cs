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
    public static async Task<ClusterWithGateway> StartAsync(string database, short silos = 2, string? serviceId = null)
    {
        var cluster = await TestClusters.StartAsync(new Dictionary<string, string>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:Postgres:ConnectionString"] = database,
            ["OneDay:Security:BootstrapAdminEmail"] = TestApi.AdminEmail,
            ["OneDay:Security:PasswordHashIterations"] = "10000",
        }, silos, serviceId);
        try
        {
            return new ClusterWithGateway(cluster, await GatewayHost.StartForAsync(cluster));
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
