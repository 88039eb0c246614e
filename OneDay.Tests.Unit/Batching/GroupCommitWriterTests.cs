using OneDay.Grains.Batching;

namespace OneDay.Tests.Unit.Batching;

/// <summary>
/// The batching rules of group commit, with a write the test controls: what waits while a write is in
/// flight goes in the next one, a failure reaches only that write's callers, and the queue is bounded.
/// </summary>
public sealed class GroupCommitWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Items_arriving_during_a_write_go_together_in_the_next_one_in_arrival_order()
    {
        await using var store = new GatedStore();
        await using var writer = new GroupCommitWriter<int>(store.WriteAsync, maxBatch: 3, capacity: 10);

        var first = writer.WriteAsync(0);
        await store.Started.WaitAsync(Timeout);
        var waiting = Enumerable.Range(1, 5).Select(i => writer.WriteAsync(i)).ToArray();
        Assert.False(first.IsCompleted);

        store.Release();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(Timeout);

        Assert.Equal([[0], [1, 2, 3], [4, 5]], store.Batches);
        Assert.Equal(3, writer.Writes);
    }

    [Fact]
    public async Task A_failed_write_faults_only_its_own_callers()
    {
        await using var store = new GatedStore { FailWhen = batch => batch.Contains(-1) };
        await using var writer = new GroupCommitWriter<int>(store.WriteAsync, maxBatch: 2, capacity: 10);

        var first = writer.WriteAsync(0);
        await store.Started.WaitAsync(Timeout);
        var sharesTheFailure = writer.WriteAsync(1);
        var poison = writer.WriteAsync(-1);
        var after = writer.WriteAsync(2);
        store.Release();

        await first.WaitAsync(Timeout);
        await after.WaitAsync(Timeout);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sharesTheFailure);
        await Assert.ThrowsAsync<InvalidOperationException>(() => poison);
        Assert.Equal([[0], [2]], store.Batches);
    }

    [Fact]
    public async Task A_write_failed_by_one_item_is_retried_item_by_item_when_the_error_says_so()
    {
        await using var store = new GatedStore { FailWhen = batch => batch.Contains(-1) };
        await using var writer = new GroupCommitWriter<int>(
            store.WriteAsync, maxBatch: 10, capacity: 10, writeAloneAfter: e => e is InvalidOperationException);

        var first = writer.WriteAsync(0);
        await store.Started.WaitAsync(Timeout);
        var others = new[] { writer.WriteAsync(1), writer.WriteAsync(2) };
        var poison = writer.WriteAsync(-1);
        store.Release();

        await Task.WhenAll(others.Append(first)).WaitAsync(Timeout);
        await Assert.ThrowsAsync<InvalidOperationException>(() => poison);
        Assert.Equal([[0], [1], [2]], store.Batches);
    }

    [Fact]
    public async Task A_full_queue_makes_callers_wait_for_room()
    {
        await using var store = new GatedStore();
        await using var writer = new GroupCommitWriter<int>(store.WriteAsync, maxBatch: 2, capacity: 2);

        var inFlight = writer.WriteAsync(0);
        await store.Started.WaitAsync(Timeout);
        var queued = new[] { writer.WriteAsync(1), writer.WriteAsync(2) };
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(3, giveUp.Token));

        store.Release();
        await Task.WhenAll(queued.Append(inFlight)).WaitAsync(Timeout);
        await writer.WriteAsync(4).WaitAsync(Timeout);
        Assert.Equal([[0], [1, 2], [4]], store.Batches);
    }

    [Fact]
    public async Task Disposing_writes_what_is_queued_and_refuses_new_items()
    {
        var store = new GatedStore();
        var writer = new GroupCommitWriter<int>(store.WriteAsync, maxBatch: 2, capacity: 10);
        var first = writer.WriteAsync(0);
        await store.Started.WaitAsync(Timeout);
        var queued = Enumerable.Range(1, 4).Select(i => writer.WriteAsync(i)).ToArray();

        var disposing = writer.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(9));
        store.Release();
        await disposing.WaitAsync(Timeout);

        await Task.WhenAll(queued.Append(first)).WaitAsync(Timeout);
        Assert.Equal([[0], [1, 2], [3, 4]], store.Batches);
    }

    /// <summary>Records batches; the first write waits until <see cref="Release"/> so others pile up behind it.</summary>
    private sealed class GatedStore : IAsyncDisposable
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<int[]> _batches = [];

        public Func<IReadOnlyList<int>, bool> FailWhen { get; init; } = _ => false;

        public Task Started => _started.Task;

        public IReadOnlyList<int[]> Batches
        {
            get
            {
                lock (_batches)
                {
                    return _batches.ToArray();
                }
            }
        }

        public void Release() => _gate.TrySetResult();

        public async Task WriteAsync(IReadOnlyList<int> batch)
        {
            _started.TrySetResult();
            await _gate.Task;
            if (FailWhen(batch))
            {
                throw new InvalidOperationException("rejected");
            }

            lock (_batches)
            {
                _batches.Add(batch.ToArray());
            }
        }

        public ValueTask DisposeAsync()
        {
            Release();
            return ValueTask.CompletedTask;
        }
    }
}
