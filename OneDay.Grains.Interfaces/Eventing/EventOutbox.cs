namespace OneDay.Grains.Interfaces.Eventing;

/// <summary>
/// Events a grain has decided to emit, stored in the same state write as the change that caused them.
/// They are published after the write succeeds and dropped once the stream accepted them; whatever is
/// still here on reactivation is published again (consumers deduplicate by event id).
/// </summary>
[GenerateSerializer, Alias("oneday.events.outbox")]
public sealed class EventOutbox
{
    [Id(0)] public List<DomainEvent> Pending { get; set; } = [];

    /// <summary>
    /// Events stored but not to be sent yet: they matter only if the call that held them does not finish
    /// what it started, and are dropped when it does. An activation that finds any here was not the one
    /// that held them, so it releases them (<see cref="ReleaseHeld"/>).
    /// </summary>
    [Id(1)] public List<DomainEvent> Held { get; set; } = [];

    public void Add(DomainEvent domainEvent) => Pending.Add(domainEvent);

    public void Hold(DomainEvent domainEvent) => Held.Add(domainEvent);

    /// <summary>The held event is no longer needed; nothing was sent, so no consumer ever sees it.</summary>
    public void Drop(Guid eventId) => Held.RemoveAll(e => e.EventId == eventId);

    /// <summary>Moves the held event to the end of <see cref="Pending"/>, to be sent with the rest; false if it was not held.</summary>
    public bool Release(Guid eventId)
    {
        var index = Held.FindIndex(e => e.EventId == eventId);
        if (index < 0)
        {
            return false;
        }

        Pending.Add(Held[index]);
        Held.RemoveAt(index);
        return true;
    }

    public void ReleaseHeld()
    {
        Pending.AddRange(Held);
        Held.Clear();
    }
}
