using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneDay.Silo.Hosting;
using OneDay.Silo.Placement;
using OneDay.Silo.Security;

namespace EventsBench;

/// <summary>
/// The app path: a silo configured the way OneDay runs (embedded storage, Streams:Provider=RabbitMQ),
/// producer grains publishing through their outbox, idempotent consumers handling via implicit subscriptions.
/// </summary>
public sealed class OrleansStreamLoop(int rabbitPort, int producers) : IAsyncDisposable
{
    private IHost? _host;

    public async Task StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OneDay:Mode"] = "Embedded",
            ["OneDay:Dashboard"] = "false",
            ["OneDay:Streams:Provider"] = "RabbitMQ",
            ["OneDay:RabbitMq:Host"] = "127.0.0.1",
            ["OneDay:RabbitMq:Port"] = rabbitPort.ToString(CultureInfo.InvariantCulture),
            ["OneDay:RabbitMq:PublisherChannels"] = PlainRabbitLoop.Channels.ToString(CultureInfo.InvariantCulture),
            ["OneDay:RabbitMq:QueueNamePrefix"] = "bench-app-" + Guid.NewGuid().ToString("N")[..8],
            ["OneDay:Silo:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["OneDay:Silo:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseOneDay(builder.Configuration));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task<RunResult> RunAsync(string name, int events)
    {
        var grains = _host!.Services.GetRequiredService<IGrainFactory>();
        var latencies = BenchConsumerGrain.Handled = new Latencies();
        var runId = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(async p =>
        {
            var producer = grains.GetGrain<IBenchProducerGrain>($"{runId}-{p}");
            for (var i = p; i < events; i += producers)
            {
                await producer.Emit(i);
            }
        }));
        var published = clock.Elapsed;
        await latencies.WaitForAsync(events, TimeSpan.FromMinutes(2));
        return RunResult.Of(name, events, published, clock.Elapsed, latencies);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
