using System.Runtime.CompilerServices;
using OneDay.Grains.Interfaces.Infrastructure.Events;

namespace OneDay.Grains.Infrastructure.Events;

/// <summary>
/// One retry timer per activation with a stuck outbox. The timer is not interleaved with the grain's
/// calls, so it never races a command that is flushing the same outbox; it stops once the outbox is empty.
/// </summary>
public static class OutboxRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);

    private static readonly ConditionalWeakTable<Grain, IGrainTimer> Timers = [];

    public static bool IsScheduled(Grain grain) => Timers.TryGetValue(grain, out _);

    internal static void Schedule(Grain grain, EventOutbox outbox)
    {
        if (IsScheduled(grain))
        {
            return;
        }

        var attempt = 0;
        IGrainTimer? timer = null;
        timer = grain.RegisterGrainTimer(async _ =>
        {
            if (await grain.FlushAsync(outbox))
            {
                Timers.Remove(grain);
                timer?.Dispose();
                return;
            }

            var delay = Delay(++attempt);
            timer?.Change(delay, delay);
        }, FirstDelay, FirstDelay);
        Timers.Add(grain, timer);
    }

    public static TimeSpan Delay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt, 16)));
}
