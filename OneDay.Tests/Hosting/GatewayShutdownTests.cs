using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Hosting;

/// <summary>The embedded gateway (co-hosted silo) stopping as it does on SIGTERM.</summary>
public sealed class GatewayShutdownTests
{
    [Fact]
    public async Task Stopping_lets_in_flight_requests_finish_and_refuses_new_ones()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var gateway = await GatewayHost.StartEmbeddedAsync(
            map: app => app.MapGet("/test/slow", async () =>
            {
                started.SetResult();
                await Task.Delay(TimeSpan.FromSeconds(1));
                return Results.Ok(new { finished = true });
            }).AllowAnonymous());

        var inFlight = gateway.Client.GetAsync("/test/slow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = gateway.StopAsync();

        var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("finished", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        using var fresh = new HttpClient { BaseAddress = gateway.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/health/live"));
    }
}
