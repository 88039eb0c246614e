using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Hosting;
using OneDay.Silo.Hosting;
using Orleans.TestingHost;

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
        ["OneDay:Security:RateLimits:ChatMessagesPerUserPerMinute"] = "100000",
    };

    /// <param name="services">Adds to the app's services after its own (a test's exporter, say).</param>
    public static async Task<GatewayHost> StartAsync(
        IDictionary<string, string?> settings, Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var app = GatewayApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Production"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(TestDefaults);
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Configuration["Logging:LogLevel:Default"] = "Error";
                services?.Invoke(builder.Services);
            },
            map,
            EmbeddedSilo.CoHost);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new GatewayHost(app, new Uri(address));
    }

    /// <summary>An embedded gateway (its own co-hosted silo on free ports, no dashboard) with <paramref name="settings"/> on top.</summary>
    public static Task<GatewayHost> StartEmbeddedAsync(
        IDictionary<string, string?>? settings = null, Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["OneDay:Mode"] = "Embedded",
            ["OneDay:Silo:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OneDay:Silo:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OneDay:Dashboard"] = "false",
            ["OneDay:Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "oneday-test-mail"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return StartAsync(all, map, services);
    }

    /// <summary>
    /// A cluster-mode gateway in front of an in-process test cluster: its silos' gateway ports and ids on top of
    /// <paramref name="settings"/>, and no dashboard unless they ask for one.
    /// </summary>
    public static Task<GatewayHost> StartForAsync(TestCluster cluster, IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        var all = (settings ?? []).ToDictionary(kv => kv.Key, string? (kv) => kv.Value);
        all["OneDay:Mode"] = "Cluster";
        all["OneDay:Gateways"] = string.Join(',', cluster.Silos.Select(s => $"127.0.0.1:{s.GatewayAddress.Endpoint.Port}"));
        all["OneDay:ClusterId"] = cluster.Options.ClusterId;
        all["OneDay:ServiceId"] = cluster.Options.ServiceId;
        all.TryAdd("OneDay:Dashboard", "false");
        return StartAsync(all);
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
