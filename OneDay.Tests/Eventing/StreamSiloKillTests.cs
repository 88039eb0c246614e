using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces.Eventing.Probe;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Eventing;

/// <summary>
/// kill -9 of a real OneDay.Silo process in the middle of a stream on RabbitMQ: what it had pulled but
/// not acknowledged is redelivered by the broker to whoever owns the queue next, and the idempotent
/// consumers apply every event exactly once (grain state in PostgreSQL survives the kill).
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class StreamSiloKillTests(EventsClusterFixture fixture) : IAsyncLifetime
{
    private const int Probes = 20;
    private const int EventsPerProbe = 100;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<SiloProcess> _silos = [];
    private readonly string _clusterId = "events-" + Guid.NewGuid().ToString("N")[..8];
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        var db = await fixture.Postgres.CreateDatabaseAsync("kill_" + Guid.NewGuid().ToString("N")[..8]);
        await new OneDay.Silo.Postgres.Migrations.SchemaMigrator(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OneDay.Silo.Postgres.Migrations.SchemaMigrator>.Instance).MigrateAsync(db);
        var streams = new Dictionary<string, string>
        {
            ["OneDay:Streams:Provider"] = "RabbitMQ",
            ["OneDay:RabbitMq:Host"] = "127.0.0.1",
            ["OneDay:RabbitMq:Port"] = fixture.Rabbit.Port.ToString(CultureInfo.InvariantCulture),
            ["OneDay:RabbitMq:QueueNamePrefix"] = _clusterId,
        };
        var environment = streams.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        for (var i = 0; i < 2; i++)
        {
            _silos.Add(SiloProcess.Start(SiloSpec.OnFreePorts(db, _clusterId) with { Environment = environment }));
        }

        await Task.WhenAll(_silos.Select(s => s.WaitUntilActiveAsync(StartTimeout)));
        // The gateway reaches only the silos (a restarted silo comes back on its ports), never the broker.
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:ClusterId"] = _clusterId,
            ["OneDay:Gateways"] = string.Join(',', _silos.Select(s => $"127.0.0.1:{s.Spec.GatewayPort}")),
            ["OneDay:Dashboard"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Kill_9_of_a_silo_mid_stream_then_a_restart_loses_no_event_and_applies_none_twice()
    {
        var grains = _gateway!.Services.GetRequiredService<IGrainFactory>();
        var keys = Enumerable.Range(0, Probes).Select(i => $"kill9-{Guid.NewGuid():N}-{i}").ToArray();
        var produced = 0;
        var halfway = new TaskCompletionSource();
        var production = Task.WhenAll(keys.Select(async key =>
        {
            var probe = grains.GetGrain<IEventProbeGrain>(key);
            for (var until = 5; until <= EventsPerProbe; until += 5)
            {
                var target = until;
                await Retry.UntilSuccess(() => probe.EmitUntil(target));
                if (Interlocked.Add(ref produced, 5) >= Probes * EventsPerProbe / 2)
                {
                    halfway.TrySetResult();
                }
            }
        }));

        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(90));
        _silos[1].Kill();
        var restarted = SiloProcess.Start(_silos[1].Spec);
        await _silos[1].DisposeAsync();
        _silos[1] = restarted;
        await restarted.WaitUntilActiveAsync(StartTimeout);
        await production.WaitAsync(TimeSpan.FromSeconds(120));

        async Task<EventProbeStats[]> StatsAsync() =>
            await Task.WhenAll(keys.Select(k => grains.GetGrain<IEventProbeConsumerGrain>(k).Stats()));
        await Eventually.HoldsAsync(
            async () => (await StatsAsync()).All(s => s.Highest == EventsPerProbe - 1 && s.Missing == 0),
            TimeSpan.FromSeconds(120),
            async () => $"{(await StatsAsync()).Sum(s => s.Applied)} of {Probes * EventsPerProbe} applied");
        Assert.All(await StatsAsync(), s => Assert.Equal(new EventProbeStats(EventsPerProbe, 0, 0, EventsPerProbe - 1), s));
    }
}
