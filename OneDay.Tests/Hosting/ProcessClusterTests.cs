using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Tests.Fixtures;
using Orleans.Runtime;

namespace OneDay.Tests.Hosting;

/// <summary>
/// The cluster mode as it is deployed: OneDay.Silo processes on PostgreSQL membership, storage and
/// reminders, and the gateway as a pure client that finds them through the membership table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProcessClusterTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<SiloProcess> _silos = [];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private string _db = string.Empty;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        _db = await postgres.CreateMigratedDatabaseAsync("cluster");
        _silos.Add(SiloProcess.Start(SiloSpec.OnFreePorts(_db, _clusterId)));
        _silos.Add(SiloProcess.Start(SiloSpec.OnFreePorts(_db, _clusterId)));
        await Task.WhenAll(_silos.Select(s => s.WaitUntilActiveAsync(StartTimeout)));
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:ClusterId"] = _clusterId,
            ["OneDay:Postgres:ConnectionString"] = _db,
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
    public async Task Two_silos_form_a_cluster_through_the_membership_table()
    {
        foreach (var silo in _silos)
        {
            Assert.Equal(SiloProcess.ActiveStatus, await SiloProcess.MembershipStatusAsync(_db, _clusterId, silo.Spec.SiloPort));
        }

        var management = Grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        Assert.Equal(
            _silos.Select(s => s.Spec.SiloPort).Order(),
            hosts.Keys.Select(a => a.Endpoint.Port).Order());

        var ready = await _gateway!.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task State_survives_kill_9_of_its_silo_and_a_restart()
    {
        var probe = Grains.GetGrain<IStorageProbeGrain>(0);
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
        var probe = Grains.GetGrain<IStorageProbeGrain>(0);
        var before = await probe.Probe();

        for (var i = 0; i < _silos.Count; i++)
        {
            _silos[i].Kill();
        }

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
    }

    [Fact]
    public async Task Sigterm_makes_a_silo_leave_the_cluster_cleanly_and_its_grains_move()
    {
        var probe = Grains.GetGrain<IStorageProbeGrain>(0);
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
