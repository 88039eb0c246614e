namespace OneDay.Grains.Interfaces.Eventing;

/// <summary>An event a consumer could not handle after its retries, kept for an admin to inspect and replay.</summary>
[GenerateSerializer, Immutable, Alias("oneday.events.dead-letter")]
public sealed record DeadLetter(
    [property: Id(0)] Guid Id,
    [property: Id(1)] GrainId Consumer,
    [property: Id(2)] DomainEvent Event,
    [property: Id(3)] int Attempts,
    [property: Id(4)] string Error,
    [property: Id(5)] DateTimeOffset FailedAt,
    [property: Id(6)] DateTimeOffset? ReplayedAt = null,
    [property: Id(7)] DateTimeOffset? SettledAt = null)
{
    /// <summary>pending (waits for an operator), replayed (applied by a replay) or settled (needed no replay).</summary>
    public string Status => ReplayedAt is not null ? "replayed" : SettledAt is not null ? "settled" : "pending";
}

[GenerateSerializer, Alias("oneday.events.replay-outcome")]
public enum ReplayOutcome
{
    NotFound,
    Replayed,
    StillFailing,

    /// <summary>The consumer had settled the event without this replay (see <see cref="ConsumerReplay.AlreadySettled"/>).</summary>
    AlreadySettled,
}
