namespace OneDay.Grains.Infrastructure.Events;

/// <summary>The backoff of an outbox's retry timer (<see cref="OutboxSender"/>).</summary>
public static class OutboxRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);

    public static TimeSpan Delay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt, 16)));
}
