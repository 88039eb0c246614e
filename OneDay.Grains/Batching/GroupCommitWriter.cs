using System.Diagnostics;
using System.Threading.Channels;

namespace OneDay.Grains.Batching;

/// <summary>
/// Group commit for single-item writes: items that arrive while a write is in flight wait and go together
/// in the next write, so many concurrent callers cost one statement (one round trip, one fsync) or one
/// grain call instead of one each. A caller's task completes only once the write holding its item has
/// committed, and faults only if that write failed.
/// </summary>
/// <remarks>
/// One loop writes batches strictly one after another in arrival order, so an item whose caller waited
/// for the previous one (as a grain's outbox does) is always stored after it.
/// The queue is bounded: when the receiver falls behind, callers wait for room instead of the silo
/// buffering without limit.
/// </remarks>
public sealed class GroupCommitWriter<T> : IAsyncDisposable
{
    private readonly Channel<Pending> _queue;
    private readonly Func<IReadOnlyList<T>, Task> _write;
    private readonly string _name;
    private readonly Func<Exception, bool> _writeAloneAfter;
    private readonly int _maxBatch;
    private readonly Task _loop;
    private long _writes;

    /// <param name="write">Stores a whole batch atomically: all of it commits or none of it does.</param>
    /// <param name="maxBatch">Most items per write, which bounds statement size and latency.</param>
    /// <param name="capacity">Most items waiting; callers beyond it wait for room.</param>
    /// <param name="writeAloneAfter">
    /// Says whether a failed batch failed for something in one of its items (bad data rather than a lost
    /// database). Its items are then written one by one so one poison item does not fail the others.
    /// </param>
    /// <param name="name">What the writer stores, as its spans name it.</param>
    public GroupCommitWriter(
        Func<IReadOnlyList<T>, Task> write, int maxBatch, int capacity, Func<Exception, bool>? writeAloneAfter = null, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, maxBatch);
        _write = write;
        _name = name ?? typeof(T).Name;
        _maxBatch = maxBatch;
        _writeAloneAfter = writeAloneAfter ?? (_ => false);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Task.Run: the writer may be created inside a grain activation, whose scheduler it must not occupy. Without
        // the creator's execution context, or every batch would run under the span that happened to create the writer.
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Writes attempted so far (one statement each); far fewer than items under concurrency.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Completes once <paramref name="item"/> is committed. Cancelling stops the wait, not the write: an
    /// item already queued may still be stored, so writes must be idempotent.
    /// </summary>
    public async Task WriteAsync(T item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Pending(item, done, Activity.Current?.Context ?? default), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter<T>), "The writer is stopping; the item was not stored.");
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses new items, then writes everything already queued before returning.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await WriteBatchAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    // Never throws: an escaping exception would end the loop and strand every later caller.
    private async Task WriteBatchAsync(List<Pending> batch)
    {
        try
        {
            await WriteItemsAsync(batch).ConfigureAwait(false);
        }
        catch (Exception ex) when (batch.Count > 1 && _writeAloneAfter(ex))
        {
            foreach (var pending in batch)
            {
                await WriteBatchAsync([pending]).ConfigureAwait(false);
            }

            return;
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }

            return;
        }

        foreach (var pending in batch)
        {
            pending.Done.TrySetResult();
        }
    }

    private async Task WriteItemsAsync(List<Pending> batch)
    {
        Interlocked.Increment(ref _writes);
        using var span = BatchTracing.StartWrite(_name, batch.ConvertAll(p => p.Caller));
        try
        {
            await _write(batch.ConvertAll(p => p.Item)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private readonly record struct Pending(T Item, TaskCompletionSource Done, ActivityContext Caller);
}
