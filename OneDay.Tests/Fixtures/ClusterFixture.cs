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
    private SmtpTestServer? _smtp;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("Gateway not started.");

    public HttpClient Http => Gateway.Client;

    /// <summary>The mail server the silos send to: every email a test causes arrives here.</summary>
    public SmtpTestServer Smtp => _smtp ?? throw new InvalidOperationException("SMTP server not started.");

    /// <summary>Tries per email before the outbox gives up; retries follow each other within a second.</summary>
    public const int EmailAttempts = 3;

    public TestApi Api => new(Gateway);

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _cluster = await TestClusters.StartAsync(new Dictionary<string, string>
        {
            ["OneDay:Email:Smtp:Host"] = "127.0.0.1",
            ["OneDay:Email:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OneDay:Email:Smtp:Security"] = "None",
            ["OneDay:Email:MaxAttempts"] = EmailAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OneDay:Email:FirstRetrySeconds"] = "0.2",
            ["OneDay:Email:MaxRetrySeconds"] = "0.5",
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
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
