using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs.Saga;

/// <summary>When a stuck saga is driven again, and what giving up on it means.</summary>
public static class SagaRedrivePolicy
{
    /// <summary>
    /// The business steps (the job, the worker's schedule) are done: the application or acceptance stands, and
    /// nothing a later step does may undo it.
    /// </summary>
    public static bool BusinessDone(IReadOnlyCollection<SagaStep> done) => done.Contains(SagaStep.ScheduleUpdated);

    /// <summary>
    /// When a saga last changed at <paramref name="updatedAt"/> is driven again. A business step holds a slot that
    /// other applicants wait for, so it is retried at the step timeout and given up on soon; a notification or
    /// analytics step waits on another domain, so it backs off exponentially up to the maximum delay.
    /// </summary>
    public static DateTimeOffset NextRedriveAt(DateTimeOffset updatedAt, bool businessDone, int redrives, JobOptions options) =>
        updatedAt + (businessDone ? BackOff(redrives, options) : options.SagaStepTimeout);

    public static TimeSpan BackOff(int redrives, JobOptions options)
    {
        // Thirty doublings are far past any maximum delay, and cannot overflow for a step timeout under minutes.
        var doublings = Math.Clamp(redrives, 0, 30);
        var ticks = options.SagaStepTimeout.Ticks * (1L << doublings);
        return ticks <= 0 || ticks > options.SagaMaxRedriveDelay.Ticks ? options.SagaMaxRedriveDelay : TimeSpan.FromTicks(ticks);
    }
}
