namespace OneDay.Grains.Interfaces.Eventing;

/// <summary>
/// Implemented by every idempotent consumer, so the dead-letter store can hand a failed event back to
/// the exact consumer activation that gave up on it, without knowing its grain type.
/// </summary>
[Alias("oneday.events.consumer")]
public interface IEventConsumerGrain : IGrainWithStringKey
{
    /// <summary>Runs the handler once more, unless the consumer has settled the event since it gave up on it.</summary>
    [Alias("replay-event")]
    Task<ConsumerReplay> Replay(DomainEvent domainEvent);
}

/// <summary>What a consumer did with a dead-lettered event handed back to it.</summary>
[GenerateSerializer, Alias("oneday.events.consumer-replay")]
public enum ConsumerReplay
{
    /// <summary>The handler ran and its effect is stored.</summary>
    Applied,

    /// <summary>
    /// Nothing to do: an earlier replay applied it, or a process manager discarded it after compensating.
    /// Applying it now could double or revive an effect, so it was not run.
    /// </summary>
    AlreadySettled,

    /// <summary>The handler failed again; the event stays dead-lettered.</summary>
    StillFailing,
}
