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

    public void Add(DomainEvent domainEvent) => Pending.Add(domainEvent);
}
