using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

public sealed class SharedJobCellsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Dictionary<string, int> _fetches = [];
    private readonly Dictionary<string, TaskCompletionSource<CellSnapshot>> _answers = [];

    [Fact]
    public async Task Readers_that_miss_a_cell_together_wait_on_one_fetch()
    {
        var cells = new SharedJobCells(Pending, _time);
        var reads = Enumerable.Range(0, 50).Select(_ => cells.GetAsync(["a", "b"]).AsTask()).ToList();
        Assert.Equal(1, _fetches["a"]);
        Assert.Equal(1, _fetches["b"]);
        Assert.All(reads, r => Assert.False(r.IsCompleted));

        var a = Snapshot(1);
        _answers["a"].SetResult(a);
        _answers["b"].SetResult(Snapshot(2));
        foreach (var scans in await Task.WhenAll(reads))
        {
            Assert.Same(a, scans[0].Snapshot);
            Assert.Equal(2, scans[1].Snapshot.Revision);
        }
    }

    [Fact]
    public async Task A_scan_is_reused_within_its_window_and_read_again_after_it()
    {
        var cells = new SharedJobCells(Answered, _time);
        var first = (await cells.GetAsync(["a"]))[0];
        _time.Advance(SharedJobCells.FreshFor - TimeSpan.FromMilliseconds(1));
        var warm = cells.GetAsync(["a"]);
        Assert.True(warm.IsCompletedSuccessfully);
        Assert.Same(first, (await warm)[0]);
        Assert.Equal(1, _fetches["a"]);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await cells.GetAsync(["a"]);
        Assert.Equal(2, _fetches["a"]);
    }

    [Fact]
    public async Task An_unchanged_snapshot_keeps_its_scan_and_a_changed_one_gets_a_new_scan()
    {
        var same = Snapshot(1);
        var next = same;
        var cells = new SharedJobCells(_ => Task.FromResult(next), _time);
        var first = (await cells.GetAsync(["a"]))[0];
        _time.Advance(SharedJobCells.FreshFor);
        Assert.Same(first, (await cells.GetAsync(["a"]))[0]);

        next = Snapshot(2);
        _time.Advance(SharedJobCells.FreshFor);
        var changed = (await cells.GetAsync(["a"]))[0];
        Assert.NotSame(first, changed);
        Assert.Same(next, changed.Snapshot);
    }

    [Fact]
    public async Task A_failed_fetch_reaches_its_readers_and_is_not_kept()
    {
        var fail = true;
        var cells = new SharedJobCells(_ => fail ? Task.FromException<CellSnapshot>(new TimeoutException("cell")) : Task.FromResult(Snapshot(3)), _time);
        await Assert.ThrowsAsync<TimeoutException>(() => cells.GetAsync(["a"]).AsTask());

        fail = false;
        var scans = await cells.GetAsync(["a"]);
        Assert.Equal(3, scans[0].Snapshot.Revision);
    }

    [Fact]
    public async Task It_never_holds_more_than_its_capacity_however_many_places_are_read()
    {
        var cells = new SharedJobCells(_ => Task.FromResult(Snapshot(0)), _time);
        for (var i = 0; i < SharedJobCells.Capacity * 3; i++)
        {
            // All fresh: nothing expires, so the bound alone keeps it small.
            await cells.GetAsync(["cell-" + i]);
            Assert.InRange(cells.Count, 1, SharedJobCells.Capacity);
        }
    }

    private Task<CellSnapshot> Pending(string cell)
    {
        _fetches[cell] = _fetches.GetValueOrDefault(cell) + 1;
        return (_answers[cell] = new TaskCompletionSource<CellSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    private Task<CellSnapshot> Answered(string cell)
    {
        _fetches[cell] = _fetches.GetValueOrDefault(cell) + 1;
        return Task.FromResult(Snapshot(_fetches[cell]));
    }

    private static CellSnapshot Snapshot(long revision) => CellSnapshot.Create(revision, []);
}
