namespace OneDay.Api.Health;

/// <summary>One background probe's outcome, as of when it finished.</summary>
public sealed record ReadinessResult(bool Succeeded, DateTimeOffset CheckedAt);

public static class ReadinessRules
{
    /// <summary>How long a probe may take before it counts as failed.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A success stays good for two intervals plus a probe's timeout: long enough to cover a probe that is
    /// running late, short enough that a stuck prober (nothing new for that long) reads as not ready.
    /// </summary>
    public static TimeSpan MaxAge(TimeSpan interval) => (2 * interval) + ProbeTimeout;

    public static bool IsReady(ReadinessResult? latest, DateTimeOffset now, TimeSpan interval) =>
        latest is { Succeeded: true } && now - latest.CheckedAt <= MaxAge(interval);
}
