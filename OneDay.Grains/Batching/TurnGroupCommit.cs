namespace OneDay.Grains.Batching;

/// <summary>
/// Group commit on a grain's turns, the grain-side counterpart of <see cref="GroupCommitWriter{T}"/> (which
/// runs on the thread pool): items added while a write is in flight wait and go together in the next write,
/// so a burst of N callers of a [Reentrant] grain costs about two writes, not N. A caller's task completes
/// only once a write that started after its item was added has committed, with that item's result.
/// </summary>
/// <remarks>
/// Relies on the grain's single-threaded turns instead of locks: items are only added between awaits, and
/// a write reads what it stores before its first await, so a change can never be half-seen by a write.
/// Writes run one after another in arrival order.
/// </remarks>
public sealed class TurnGroupCommit<T, TResult>
{
    private readonly Queue<Pending> _waiting = new();
    private readonly Func<IReadOnlyList<T>, Task<IReadOnlyList<TResult>>> _write;
    private readonly int _maxBatch;
    private readonly bool _failWaitingAfterError;
    private bool _writing;

    /// <param name="write">Stores a whole batch and returns one result per item, in order.</param>
    /// <param name="maxBatch">Most items per write, which bounds statement size and latency.</param>
    /// <param name="failWaitingAfterError">
    /// When a write fails, fail the items queued behind it too: for writers whose next write depends on the
    /// last one having committed (a chain), and which recover by reloading in a new activation.
    /// </param>
    public TurnGroupCommit(
        Func<IReadOnlyList<T>, Task<IReadOnlyList<TResult>>> write, int maxBatch = int.MaxValue, bool failWaitingAfterError = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _write = write;
        _maxBatch = maxBatch;
        _failWaitingAfterError = failWaitingAfterError;
    }

    public Task<TResult> AddAsync(T item)
    {
        var added = Enqueue(item);
        StartWriting();
        return added;
    }

    /// <summary>Queues every item before writing starts, so they go in one write when the writer is idle.</summary>
    public Task<TResult[]> AddAllAsync(IReadOnlyList<T> items)
    {
        var added = new Task<TResult>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            added[i] = Enqueue(items[i]);
        }

        StartWriting();
        return Task.WhenAll(added);
    }

    private Task<TResult> Enqueue(T item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Enqueue(new Pending(item, done));
        return done.Task;
    }

    // A flag rather than the running task: a write that completes synchronously clears it before returning.
    private void StartWriting()
    {
        if (!_writing)
        {
            _ = WriteWaitingAsync();
        }
    }

    // Never throws: every failure is handed to the callers it concerns.
    private async Task WriteWaitingAsync()
    {
        _writing = true;
        try
        {
            while (_waiting.Count > 0)
            {
                var batch = new List<Pending>(Math.Min(_waiting.Count, _maxBatch));
                while (batch.Count < _maxBatch && _waiting.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                IReadOnlyList<TResult> results;
                try
                {
                    results = await _write(batch.ConvertAll(p => p.Item));
                    if (results.Count != batch.Count)
                    {
                        throw new InvalidOperationException($"The write returned {results.Count} results for {batch.Count} items.");
                    }
                }
                catch (Exception ex)
                {
                    Fail(batch, ex);
                    if (_failWaitingAfterError)
                    {
                        Fail(_waiting, ex);
                        _waiting.Clear();
                    }

                    continue;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private static void Fail(IEnumerable<Pending> pending, Exception ex)
    {
        foreach (var p in pending)
        {
            p.Done.TrySetException(ex);
        }
    }

    private readonly record struct Pending(T Item, TaskCompletionSource<TResult> Done);
}

/// <summary>
/// <see cref="TurnGroupCommit{T, TResult}"/> for a grain's whole state: a caller that changed the state while
/// a write is in flight waits for the next write instead of queueing one of its own.
/// </summary>
public sealed class TurnGroupCommit(Func<Task> write)
{
    private readonly TurnGroupCommit<bool, bool> _changes = new(async changes =>
    {
        await write();
        return new bool[changes.Count];
    });

    public Task WriteAsync() => _changes.AddAsync(true);
}
