using OneDay.Grains.Batching;

namespace OneDay.Tests.Unit.Batching;

public sealed class TurnGroupCommitTests
{
    /// <summary>
    /// Runs a test the way a grain runs the class: one turn at a time, on an exclusive scheduler. On the bare
    /// thread pool the test's own steps would race the writer's, which the class does not (and need not) guard.
    /// </summary>
    private static Task OnTurns(Func<Task> body) => Task.Factory.StartNew(
        body, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).Unwrap();

    [Fact]
    public Task Changes_made_during_a_write_share_the_next_write() => OnTurns(async () =>
    {
        var writes = new List<TaskCompletionSource>();
        var writer = new TurnGroupCommit(() =>
        {
            var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            writes.Add(write);
            return write.Task;
        });

        var first = writer.WriteAsync();
        var burst = Enumerable.Range(0, 10).Select(_ => writer.WriteAsync()).ToList();
        Assert.Single(writes);

        writes[0].SetResult();
        await first;
        await WaitUntil(() => writes.Count == 2);
        Assert.All(burst, t => Assert.False(t.IsCompleted));

        writes[1].SetResult();
        await Task.WhenAll(burst);
        Assert.Equal(2, writes.Count);
    });

    [Fact]
    public Task A_failed_write_fails_only_its_callers() => OnTurns(async () =>
    {
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new TurnGroupCommit(async () =>
        {
            if (++calls == 1)
            {
                await gate.Task;
                throw new InvalidOperationException("storage down");
            }
        });

        var failing = writer.WriteAsync();
        var next = writer.WriteAsync();
        gate.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await next;
        await writer.WriteAsync();
        Assert.Equal(3, calls);
    });

    [Fact]
    public Task Each_item_gets_its_own_result_and_items_added_together_share_one_write() => OnTurns(async () =>
    {
        var batches = new List<IReadOnlyList<int>>();
        var commit = new TurnGroupCommit<int, string>(items =>
        {
            batches.Add(items);
            return Task.FromResult<IReadOnlyList<string>>(items.Select(i => $"#{i}").ToList());
        });

        var results = await commit.AddAllAsync([1, 2, 3]);

        Assert.Equal("#1 #2 #3", string.Join(' ', results));
        Assert.Equal("1,2,3", string.Join(',', Assert.Single(batches)));
        Assert.Equal("#4", await commit.AddAsync(4));
    });

    [Fact]
    public Task A_batch_holds_at_most_max_batch_items_in_arrival_order() => OnTurns(async () =>
    {
        var batches = new List<IReadOnlyList<int>>();
        var commit = new TurnGroupCommit<int, int>(
            items =>
            {
                batches.Add(items);
                return Task.FromResult(items);
            },
            maxBatch: 2);

        var results = await commit.AddAllAsync([1, 2, 3, 4, 5]);

        Assert.Equal("1 2 3 4 5", string.Join(' ', results));
        Assert.Equal("1,2 3,4 5", string.Join(' ', batches.Select(b => string.Join(',', b))));
    });

    [Fact]
    public Task A_chain_writer_fails_the_items_queued_behind_a_failed_write_and_recovers() => OnTurns(async () =>
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var commit = new TurnGroupCommit<int, int>(
            async items =>
            {
                if (++calls == 1)
                {
                    await gate.Task;
                    throw new InvalidOperationException("storage down");
                }

                return items;
            },
            failWaitingAfterError: true);

        var failing = commit.AddAsync(1);
        var queued = commit.AddAsync(2);
        gate.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await Assert.ThrowsAsync<InvalidOperationException>(() => queued);
        Assert.Equal(3, await commit.AddAsync(3));
        Assert.Equal(2, calls);
    });

    [Fact]
    public Task A_write_that_returns_too_few_results_fails_its_callers() => OnTurns(async () =>
    {
        var commit = new TurnGroupCommit<int, int>(_ => Task.FromResult<IReadOnlyList<int>>([]));

        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.AddAsync(1));
    });

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
