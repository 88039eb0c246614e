using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Workers;

namespace OneDay.Tests.Unit.Matching;

/// <summary>The worker index store's rules, as the embedded default keeps them (PostgreSQL's are checked in OneDay.Tests).</summary>
public sealed class MemoryWorkerIndexStoreTests
{
    private static readonly MatchingProfile Profile = new([new SkillLevel("espresso", 3)], [], new GeoPoint(37.5, 127), 5, [], 0, ["ko"]);

    private static WorkerIndexEntry Entry(Guid worker, long version) => new(worker, version, Profile, [], [], WorkerReliability.None);

    [Fact]
    public async Task A_newer_version_wins_and_an_older_one_changes_nothing()
    {
        var store = new MemoryWorkerIndexStore();
        var worker = Guid.NewGuid();
        Assert.True(await store.UpsertAsync("a", Entry(worker, 2)));
        Assert.False(await store.UpsertAsync("a", Entry(worker, 1)));
        Assert.False(await store.UpsertAsync("a", Entry(worker, 2)));
        Assert.Equal(2, Assert.Single(await store.ReadCellAsync("a")).Version);
    }

    [Fact]
    public async Task A_move_takes_the_worker_out_of_the_old_cell_and_a_late_removal_there_is_harmless()
    {
        var store = new MemoryWorkerIndexStore();
        var worker = Guid.NewGuid();
        await store.UpsertAsync("a", Entry(worker, 1));
        await store.UpsertAsync("b", Entry(worker, 2));
        await store.RemoveAsync("a", worker, 2);
        Assert.Empty(await store.ReadCellAsync("a"));
        Assert.Equal(worker, Assert.Single(await store.ReadCellAsync("b")).WorkerId);
    }

    [Fact]
    public async Task A_removal_keeps_its_version_so_a_late_older_upsert_stays_out()
    {
        var store = new MemoryWorkerIndexStore();
        var worker = Guid.NewGuid();
        await store.UpsertAsync("a", Entry(worker, 1));
        await store.RemoveAsync("a", worker, 5);
        Assert.False(await store.UpsertAsync("a", Entry(worker, 4)));
        Assert.Empty(await store.ReadCellAsync("a"));
        Assert.True(await store.UpsertAsync("a", Entry(worker, 6)));
    }
}
