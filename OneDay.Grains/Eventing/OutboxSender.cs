using OneDay.Grains.Batching;

namespace OneDay.Grains.Eventing;

/// <summary>
/// Empties one activation's outbox in the background, so a command can answer once its state (outbox
/// included) is written rather than also waiting for the receiver. One send at a time, oldest first: a
/// call while a send is under way waits for the next one (<see cref="TurnGroupCommit"/>), which finds the
/// outbox empty when the running send already took what was added meanwhile. When a
/// send fails, a grain timer (not interleaved with the grain's calls) tries again with backoff.
/// What was sent leaves the outbox in memory only; storage keeps it until the grain's next write, so a
/// new activation sends it again and receivers must ignore copies.
/// </summary>
/// <param name="hasPending">Whether the outbox holds anything.</param>
/// <param name="sendOldest">Sends the oldest item and removes it; false (never an exception) when it could not.</param>
public sealed class OutboxSender(IGrainBase grain, Func<bool> hasPending, Func<Task<bool>> sendOldest)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(15);
    private TurnGroupCommit? _sends;
    private IGrainTimer? _retry;
    private int _failures;

    /// <summary>Completes once the outbox is empty or a retry is scheduled; never throws.</summary>
    public Task SendAsync() => (_sends ??= new TurnGroupCommit(SendAllAsync)).WriteAsync();

    /// <summary>
    /// For OnDeactivateAsync: idle collection, a rebalance or a shutdown must not leave items in the stored
    /// outbox until something calls the grain again, which may be days away. Never throws.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (!hasPending())
        {
            return;
        }

        try
        {
            await SendAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: storage keeps the outbox, and the next activation sends it.
        }
    }

    private async Task SendAllAsync()
    {
        while (hasPending())
        {
            if (!await sendOldest())
            {
                ScheduleRetry();
                return;
            }
        }

        _failures = 0;
        _retry?.Dispose();
        _retry = null;
    }

    private void ScheduleRetry()
    {
        var delay = RetryDelay(_failures++);
        if (_retry is not null)
        {
            _retry.Change(delay, delay);
            return;
        }

        try
        {
            _retry = grain.RegisterGrainTimer(_ => SendAsync(), delay, delay);
        }
        catch (InvalidOperationException)
        {
            // The activation is going away: storage still holds the outbox, and the next activation sends it.
        }
    }

    private static TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(attempt, 16)));
}
