using OneDay.Grains.Batching;

namespace OneDay.Tests.Unit.Batching;

public sealed class CoalescingWriterTests
{
    [Fact]
    public async Task Changes_made_during_a_write_share_the_next_write()
    {
        var writes = new List<TaskCompletionSource>();
        var writer = new CoalescingWriter(() =>
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
    }

    [Fact]
    public async Task A_failed_write_fails_only_its_callers()
    {
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new CoalescingWriter(async () =>
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
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
