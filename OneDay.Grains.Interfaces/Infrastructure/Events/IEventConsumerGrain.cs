namespace OneDay.Grains.Interfaces.Infrastructure.Events;

/// <summary>
/// Implemented by every idempotent consumer, so the dead-letter store can hand a failed event back to
/// the exact consumer activation that gave up on it, without knowing its grain type.
/// </summary>
[Alias("oneday.events.consumer")]
public interface IEventConsumerGrain : IGrainWithStringKey
{
    /// <summary>Runs the handler once more; true when the event is now applied (or already was).</summary>
    [Alias("replay")]
    Task<bool> Replay(DomainEvent domainEvent);
}
