namespace OneDay.Grains.Batching;

/// <summary>
/// Group commit for a [Reentrant] grain's state: a caller that changed the state while a write is in flight
/// waits for the next write instead of queueing one of its own, so a burst of N changes costs about two
/// writes, not N. Each caller's task still completes only after a write that started after its change.
/// </summary>
/// <remarks>
/// Relies on the grain's single-threaded turns: state is only changed between awaits, and a write takes its
/// copy of the state before its first await, so a change can never be half-seen by a write.
/// </remarks>
public sealed class CoalescingWriter(Func<Task> write)
{
    // A flag rather than the running task: a write that completes synchronously clears it before returning.
    private bool _writing;
    private TaskCompletionSource? _next;

    public Task WriteAsync()
    {
        if (_writing)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }

        _writing = true;
        return WriteNowAsync();
    }

    private async Task WriteNowAsync()
    {
        try
        {
            await write();
        }
        finally
        {
            _writing = false;
            if (_next is { } waiting)
            {
                _next = null;
                _ = CompleteAsync(WriteAsync(), waiting);
            }
        }
    }

    private static async Task CompleteAsync(Task write, TaskCompletionSource waiting)
    {
        try
        {
            await write;
            waiting.SetResult();
        }
        catch (Exception ex)
        {
            waiting.SetException(ex);
        }
    }
}
