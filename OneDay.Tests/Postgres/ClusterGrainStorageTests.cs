using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Tests.Fixtures;
using Orleans.Storage;
using Orleans.TestingHost;

namespace OneDay.Tests.Postgres;

/// <summary>Cluster mode's grain storage as the silos register it, on the real PostgreSQL schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterGrainStorageTests(PostgresFixture postgres) : IAsyncLifetime
{
    private TestCluster? _cluster;

    public async Task InitializeAsync()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("storage");
        _cluster = await TestClusters.StartAsync(new Dictionary<string, string>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:Postgres:ConnectionString"] = db,
        });
    }

    public async Task DisposeAsync()
    {
        await Teardown.StopAsync(_cluster);
    }

    [Fact]
    public async Task A_stale_etag_write_fails_clearly_and_loses_nothing()
    {
        var storage = StorageOf(Domains.Users);
        var grainId = GrainId.Create("oneday-test", Guid.NewGuid().ToString("N"));
        var original = new GrainState<Sample>(new Sample { Value = "first" });
        await storage.WriteStateAsync("sample", grainId, original);

        // Two writers read the same version; the first to write wins.
        var writerA = await ReadAsync(storage, grainId);
        var writerB = await ReadAsync(storage, grainId);
        writerA.State!.Value = "from A";
        await storage.WriteStateAsync("sample", grainId, writerA);
        writerB.State!.Value = "from B";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("sample", grainId, writerB));

        var stored = await ReadAsync(storage, grainId);
        Assert.Equal("from A", stored.State!.Value);
        Assert.Equal(writerA.ETag, stored.ETag);
    }

    [Fact]
    public async Task A_fresh_insert_over_an_existing_record_is_a_conflict()
    {
        var storage = StorageOf(Domains.Payments);
        var grainId = GrainId.Create("oneday-test", Guid.NewGuid().ToString("N"));
        await storage.WriteStateAsync("sample", grainId, new GrainState<Sample>(new Sample { Value = "kept" }));

        // A writer that never saw the record (no ETag) must not overwrite it.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("sample", grainId, new GrainState<Sample>(new Sample { Value = "clobber" })));
        Assert.Equal("kept", (await ReadAsync(storage, grainId)).State!.Value);
    }

    [Fact]
    public async Task Grain_state_is_shared_by_both_silos_through_postgres()
    {
        var probe = _cluster!.GrainFactory.GetGrain<IStorageProbeGrain>(0);
        var first = await probe.Probe();
        var host = _cluster.Silos.Single(s => s.SiloAddress.ToString() == first.SiloAddress);

        await _cluster.KillSiloAsync(host);
        if (host == _cluster.Primary)
        {
            await _cluster.RestartSiloAsync(host);
        }

        var second = await Retry.UntilSuccess(() => probe.Probe());
        Assert.Equal(first.Sequence + 1, second.Sequence);
    }

    private IGrainStorage StorageOf(string name) =>
        _cluster!.Primary is InProcessSiloHandle silo
            ? silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(name)
            : throw new InvalidOperationException("The test cluster runs its silos in process.");

    private static async Task<GrainState<Sample>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<Sample>(new Sample());
        await storage.ReadStateAsync("sample", grainId, state);
        return state;
    }

    [GenerateSerializer]
    public sealed class Sample
    {
        [Id(0)] public string Value { get; set; } = string.Empty;
    }
}
