using System.Globalization;
using System.Net;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Telemetry;

/// <summary>
/// Metrics as an operator reads them: a real Prometheus scrapes a cluster-mode gateway and a OneDay.Silo process,
/// each on its own metrics port, and a business counter the silo keeps comes back through Prometheus' query API.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class PrometheusScrapeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _clusterId = "metrics-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _gatewayMetricsPort = FreePort.Next();
    private SiloProcess? _silo;
    private GatewayHost? _gateway;
    private PrometheusServer? _prometheus;

    public async Task InitializeAsync()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("metrics");
        _silo = SiloProcess.Start(SiloSpec.OnFreePorts(db, _clusterId) with { MetricsPort = FreePort.Next() });
        await _silo.WaitUntilActiveAsync(TimeSpan.FromSeconds(60));
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:ClusterId"] = _clusterId,
            ["OneDay:Gateways"] = $"127.0.0.1:{_silo.Spec.GatewayPort}",
            ["OneDay:Dashboard"] = "false",
            ["OneDay:Telemetry:MetricsUrl"] = $"http://127.0.0.1:{_gatewayMetricsPort}",
        });
        _prometheus = await PrometheusServer.StartAsync(new Dictionary<string, string[]>
        {
            ["oneday-gateway"] = [$"127.0.0.1:{_gatewayMetricsPort}"],
            ["oneday-silo"] = [$"127.0.0.1:{_silo.Spec.MetricsPort}"],
        });
    }

    public async Task DisposeAsync()
    {
        await (_prometheus?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_gateway?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_silo?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task Prometheus_scrapes_the_gateway_and_the_silo_and_reads_a_business_counter_back()
    {
        var prometheus = _prometheus!;
        var up = await prometheus.WaitForAsync("up", r => r.Count == 2 && r.All(s => s.Value == 1), Patience);
        Assert.Equal(["oneday-gateway", "oneday-silo"], up.Select(s => s.Labels["job"]).Order());

        // Counted by the silo, where the users' outbox publishes, and read through Prometheus. The silo may have
        // registered its bootstrap admin before; what this test adds is counted from there.
        const string Registered = """sum(oneday_events_published_total{job="oneday-silo",type="users.registered"}) or vector(0)""";
        var before = (await prometheus.QueryAsync(Registered))[0].Value;
        var api = new TestApi(_gateway!);
        const int registrations = 3;
        for (var i = 0; i < registrations; i++)
        {
            await api.RegisterAsync();
        }

        var registered = await prometheus.WaitForAsync(Registered, r => r[0].Value >= before + registrations, Patience);
        Assert.Equal(before + registrations, registered[0].Value);

        // The gateway's HTTP metrics carry the route and the status.
        var created = await prometheus.WaitForAsync(
            """sum(http_server_request_duration_seconds_count{job="oneday-gateway",http_route="/api/users/",http_response_status_code="201"})""",
            r => r.Count == 1 && r[0].Value >= registrations,
            Patience);
        Assert.Equal(registrations, created[0].Value);

        // Orleans' own meters come from the silo.
        var activations = await prometheus.QueryAsync("""sum(orleans_catalog_activations{job="oneday-silo"})""");
        Assert.True(activations.Count == 1 && activations[0].Value > 0, "the silo reports its activations");
    }

    [Fact]
    public async Task The_metrics_port_serves_only_metrics_and_the_API_port_no_metrics()
    {
        using var metricsPort = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gatewayMetricsPort}") };
        Assert.Equal(HttpStatusCode.OK, (await _gateway!.Client.GetAsync("/health/live")).StatusCode);

        var scrape = await metricsPort.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await metricsPort.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await metricsPort.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.Client.GetAsync("/metrics")).StatusCode);

        // A Host header naming the metrics port does not make the API port serve them.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = "127.0.0.1:" + _gatewayMetricsPort.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.Client.SendAsync(spoofed)).StatusCode);
    }
}
