using System.Net;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Telemetry;

/// <summary>/metrics of the embedded default, which serves them on its API port (one process, on loopback).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task The_embedded_app_counts_business_events_HTTP_requests_and_grains()
    {
        await using var gateway = await GatewayHost.StartEmbeddedAsync();
        await new TestApi(gateway).RegisterAsync();

        // The outbox publishes after the answer, and the welcome notification follows from the event.
        var text = await Retry.UntilAsync(
            async () => await gateway.Client.GetStringAsync("/metrics"),
            t => t.Contains("""oneday_notifications_total{otel_scope_name="OneDay.Communication",kind="welcome"} 1""", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        Assert.Contains("""oneday_events_published_total{otel_scope_name="OneDay.Events",type="users.registered"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"201\",http_route=\"/api/users/\"", text, StringComparison.Ordinal);
        Assert.Contains("orleans_catalog_activations", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_turned_off_serves_no_metrics()
    {
        await using var gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?> { ["OneDay:Telemetry:Enabled"] = "false" });

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/metrics")).StatusCode);
    }
}
