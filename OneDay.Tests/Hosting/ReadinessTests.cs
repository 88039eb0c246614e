using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Hosting;

/// <summary>/health/ready through a real gateway and its co-hosted silo, with a probe interval longer than the test.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private GatewayHost? _gateway;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?>
    {
        ["OneDay:Health:ReadinessIntervalSeconds"] = "300",
    });

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_flood_of_readiness_requests_runs_no_probe_and_shows_only_the_status()
    {
        await Retry.UntilSuccess(async () => (await _gateway!.Client.GetAsync("/health/ready")).EnsureSuccessStatusCode());
        // Every probe writes one more sequence number to each domain's storage; this call is one of them.
        var probe = _gateway!.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorageProbeGrain>(0);
        var before = (await probe.Probe()).Sequence;

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _gateway.Client.GetAsync("/health/ready")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            Assert.Equal("""{"status":"Healthy"}""", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(before + 1, (await probe.Probe()).Sequence);
    }
}
