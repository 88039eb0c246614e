using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneDay.Api.Hosting;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Hosting;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Unit.Hosting;
using Orleans.Runtime.Messaging;

namespace OneDay.Tests.Hosting;

/// <summary>
/// The cluster mode as it is deployed: OneDay.Silo processes on PostgreSQL membership, storage and
/// reminders, mutual TLS between all of them, and the gateway as a pure client that finds them through
/// the membership table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProcessClusterTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Not 0, the gateway's readiness probe: its background rounds would move the sequence these tests count.
    private const long TestProbe = 1;
    private readonly List<SiloProcess> _silos = [];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TlsFiles _tls = TlsFiles.ForNewCluster();
    private string _db = string.Empty;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _db = await postgres.CreateMigratedDatabaseAsync("cluster");
        var tls = _tls.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        _silos.Add(SiloProcess.Start(SiloSpec.OnFreePorts(_db, _clusterId) with { Environment = tls }));
        _silos.Add(SiloProcess.Start(SiloSpec.OnFreePorts(_db, _clusterId) with { Environment = tls }));
        await Task.WhenAll(_silos.Select(s => s.WaitUntilActiveAsync(StartTimeout)));
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>(_tls.Settings!)
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:ClusterId"] = _clusterId,
            // Restarted silos come back on their ports, so the gateway's list stays right.
            ["OneDay:Gateways"] = string.Join(',', _silos.Select(s => $"127.0.0.1:{s.Spec.GatewayPort}")),
            ["OneDay:Dashboard"] = "false",
            ["OneDay:Health:ReadinessIntervalSeconds"] = "1",
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

        _tls.Dispose();
    }

    [Fact]
    public async Task A_client_without_a_certificate_from_the_clusters_CA_cannot_call_a_grain()
    {
        // First the same client with the cluster's own certificate gets through: the refusals below would also be
        // seen if nothing listened on the endpoint, and mean something only once a member has been let in there.
        await using (var member = await StartClientAsync(_tls.Settings))
        {
            await member.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorageProbeGrain>(TestProbe).Probe();
        }

        // Knowing the cluster id and a silo's gateway endpoint is all an outsider needs without TLS.
        await AssertRefusedAsync(new Dictionary<string, string?> { ["OneDay:Tls:Enabled"] = "false" });

        using var foreign = TlsFiles.ForNewCluster();
        await AssertRefusedAsync(foreign.Settings);
    }

    private async Task AssertRefusedAsync(IReadOnlyDictionary<string, string?> tls)
    {
        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var outsider = await StartClientAsync(tls);
            await outsider.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorageProbeGrain>(TestProbe).Probe();
        });
        Assert.True(refused is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException,
            $"expected the cluster to refuse the connection, got: {refused?.ToString() ?? "a successful call"}");
    }

    /// <summary>A bare Orleans client (not the gateway app) pointed straight at the first silo's gateway endpoint.</summary>
    private async Task<HostHandle> StartClientAsync(IReadOnlyDictionary<string, string?> tls)
    {
        var options = new OneDayOptions
        {
            Mode = HostingMode.Cluster,
            ClusterId = _clusterId,
        };
        var gateway = new GatewaySettings { Gateways = $"127.0.0.1:{_silos[0].Spec.GatewayPort}" };
        options.Tls.Enabled = tls.GetValueOrDefault("OneDay:Tls:Enabled") != "false";
        options.Tls.CertificatePath = tls.GetValueOrDefault("OneDay:Tls:CertificatePath");
        options.Tls.KeyPath = tls.GetValueOrDefault("OneDay:Tls:KeyPath");
        options.Tls.CaCertificatePath = tls.GetValueOrDefault("OneDay:Tls:CaCertificatePath");
        // No retries: a refused connection fails the start at once instead of being tried again forever.
        var host = new HostBuilder()
            .UseOrleansClient(client => client.UseOneDayCluster(options, gateway).UseConnectionRetryFilter((_, _) => Task.FromResult(false)))
            .Build();
        var handle = new HostHandle(host);
        try
        {
            await host.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            return handle;
        }
        catch
        {
            await handle.DisposeAsync();
            throw;
        }
    }

    private sealed class HostHandle(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await Teardown.BoundedAsync("stopping a test client", () => host.StopAsync());
            host.Dispose();
        }
    }

    [Fact]
    public async Task Two_silos_form_a_cluster_through_the_membership_table()
    {
        foreach (var silo in _silos)
        {
            Assert.Equal(SiloProcess.ActiveStatus, await SiloProcess.MembershipStatusAsync(_db, _clusterId, silo.Spec.SiloPort));
        }

        // The table says both are active; the silo answering for the management grain learns of the other
        // one by gossip or its next table read, which a loaded CI machine delayed past the first ask (once).
        var expected = _silos.Select(s => s.Spec.SiloPort).Order().ToArray();
        var management = Grains.GetGrain<IManagementGrain>(0);
        var seen = await Retry.UntilAsync(
            async () => (await management.GetHosts(onlyActive: true)).Keys.Select(a => a.Endpoint.Port).Order().ToArray(),
            ports => ports.SequenceEqual(expected),
            TimeSpan.FromSeconds(30));
        Assert.Equal(expected, seen);

        await ReadinessBecomes(HttpStatusCode.OK);
    }

    [Fact]
    public async Task State_survives_kill_9_of_its_silo_and_a_restart()
    {
        var probe = Grains.GetGrain<IStorageProbeGrain>(TestProbe);
        await probe.Probe();
        var before = await probe.Probe();
        var hostIndex = _silos.FindIndex(s => before.SiloAddress.Contains($":{s.Spec.SiloPort}:", StringComparison.Ordinal));
        Assert.True(hostIndex >= 0, $"probe ran on {before.SiloAddress}, not one of our silos");

        _silos[hostIndex].Kill();
        // A restart on the same endpoint supersedes the dead generation at once.
        var restarted = SiloProcess.Start(_silos[hostIndex].Spec);
        await _silos[hostIndex].DisposeAsync();
        _silos[hostIndex] = restarted;
        await restarted.WaitUntilActiveAsync(StartTimeout);

        var after = await Retry.UntilSuccess(() => probe.Probe());
        Assert.Equal(before.Sequence + 1, after.Sequence);
    }

    [Fact]
    public async Task The_whole_cluster_can_be_killed_and_restarted_without_losing_acknowledged_state()
    {
        var probe = Grains.GetGrain<IStorageProbeGrain>(TestProbe);
        var before = await probe.Probe();

        for (var i = 0; i < _silos.Count; i++)
        {
            _silos[i].Kill();
        }

        await ReadinessBecomes(HttpStatusCode.ServiceUnavailable);

        for (var i = 0; i < _silos.Count; i++)
        {
            var restarted = SiloProcess.Start(_silos[i].Spec);
            await _silos[i].DisposeAsync();
            _silos[i] = restarted;
        }

        await Task.WhenAll(_silos.Select(s => s.WaitUntilActiveAsync(StartTimeout)));
        // Until membership has declared every killed generation dead, a directory lookup can still be routed
        // to one and be rejected; on a loaded machine that took longer than the usual 30 s of retries (CI, once).
        var after = await Retry.UntilSuccess(() => probe.Probe(), TimeSpan.FromSeconds(150));
        Assert.Equal(before.Sequence + 1, after.Sequence);
        await ReadinessBecomes(HttpStatusCode.OK);
    }

    /// <summary>The gateway's background probe (every second here) notices within a few of its rounds.</summary>
    private async Task ReadinessBecomes(HttpStatusCode expected) => await Retry.UntilSuccess(async () =>
    {
        var response = await _gateway!.Client.GetAsync("/health/ready");
        return response.StatusCode == expected ? response : throw new InvalidOperationException($"readiness is {response.StatusCode}");
    }, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Sigterm_makes_a_silo_leave_the_cluster_cleanly_and_its_grains_move()
    {
        var probe = Grains.GetGrain<IStorageProbeGrain>(TestProbe);
        var before = await probe.Probe();
        var host = _silos.Single(s => before.SiloAddress.Contains($":{s.Spec.SiloPort}:", StringComparison.Ordinal));

        Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(45)));

        // A clean exit declares itself Dead in the membership table instead of waiting to be voted out.
        Assert.Equal(SiloProcess.DeadStatus, await SiloProcess.MembershipStatusAsync(_db, _clusterId, host.Spec.SiloPort));
        var after = await Retry.UntilSuccess(() => probe.Probe());
        Assert.DoesNotContain($":{host.Spec.SiloPort}:", after.SiloAddress, StringComparison.Ordinal);
        Assert.Equal(before.Sequence + 1, after.Sequence);
    }

    private IGrainFactory Grains => _gateway!.Services.GetRequiredService<IGrainFactory>();
}
