using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneDay.Api.Analytics;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Analytics;

/// <summary>The console's request figures are every gateway's: each reports its window to the cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayTrafficTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Any_gateway_shows_the_requests_every_gateway_answered()
    {
        await using var second = await fixture.StartGatewayAsync();
        var name = second.Services.GetServices<IHostedService>().OfType<GatewayTrafficReporter>().Single().Name;
        var admin = await fixture.Api.AdminAsync();
        // 120 requests in the minute are 2 a second, answered by the second gateway only.
        for (var i = 0; i < 120; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/health/live")).StatusCode);
        }

        // Asked of the first gateway, which answered none of them.
        var cluster = await Retry.UntilAsync(
            async () => await (await fixture.Api.SendAsync(HttpMethod.Get, "/api/analytics/cluster", admin.AccessToken)).Json(HttpStatusCode.OK),
            c => c.GetProperty("gateways").EnumerateArray().Any(g => g.GetProperty("name").GetString() == name
                && g.GetProperty("requests").GetProperty("requestsPerSecond").GetDouble() >= 2),
            TimeSpan.FromSeconds(30));

        var gateways = cluster.GetProperty("gateways").EnumerateArray().ToArray();
        var reported = Assert.Single(gateways, g => g.GetProperty("name").GetString() == name).GetProperty("requests");
        Assert.True(reported.GetProperty("requestsPerSecond").GetDouble() >= 2, cluster.ToString());
        Assert.True(gateways.Length >= 2, cluster.ToString());
        // The sum is over every gateway listed, each as of its last report.
        Assert.Equal(
            Math.Round(gateways.Sum(g => g.GetProperty("requests").GetProperty("requestsPerSecond").GetDouble()), 2),
            cluster.GetProperty("requests").GetProperty("requestsPerSecond").GetDouble(), 2);
    }
}
