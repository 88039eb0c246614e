using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Hosting;

namespace OneDay.Tests.Fixtures;

/// <summary>The real gateway (same composition as Program) serving real HTTP on a free loopback port.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A shared signing key (cluster-mode gateways refuse to start without one), no TLS and limits no test trips by accident.</summary>
    public static readonly IReadOnlyDictionary<string, string?> TestDefaults = new Dictionary<string, string?>
    {
        // Made per test run: a key written in the repository is published, and every process refuses it.
        ["OneDay:Security:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        // The test clusters run on loopback without TLS; a test that runs one with TLS turns it on.
        ["OneDay:Tls:Enabled"] = "false",
        ["OneDay:Security:RateLimits:GlobalPerSecond"] = "100000",
        ["OneDay:Security:RateLimits:GlobalBurst"] = "100000",
        ["OneDay:Security:RateLimits:AuthPerIpPerMinute"] = "100000",
        ["OneDay:Security:RateLimits:AuthPerAccountPerMinute"] = "100000",
    };

    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?> settings, Action<WebApplication>? map = null)
    {
        var app = GatewayApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Production"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(TestDefaults);
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Configuration["Logging:LogLevel:Default"] = "Error";
            },
            map);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new GatewayHost(app, new Uri(address));
    }

    /// <summary>What SIGTERM does to the real process: stop taking requests, let in-flight ones finish.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Teardown.BoundedAsync($"stopping the gateway on {Address}", () => _app.StopAsync());
        await Teardown.BoundedAsync($"disposing the gateway on {Address}", () => _app.DisposeAsync().AsTask());
    }
}
