using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Eventing.Probe;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Eventing.Probe;

/// <summary>Produces like every domain grain (outbox in state, one state write, then the send), and waits for the send.</summary>
[DomainPlacement(Domains.Analytics)]
public sealed class EventProbeGrain(
    [PersistentState("event-probe", Domains.Analytics)] IPersistentState<EventProbeState> state,
    TimeProvider time)
    : Grain, IEventProbeGrain
{
    private OutboxSender? _events;

    private OutboxSender Events => _events ??= this.BackgroundPublisher(() => state.State.Outbox);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Events.SendAsync();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _events?.DrainAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task<int> EmitUntil(int until)
    {
        var now = time.GetUtcNow();
        while (state.State.Next < until)
        {
            state.State.Outbox.Add(DomainEvent.Create(new EventProbePinged(state.State.Next++), this.GetPrimaryKeyString(), now));
        }

        await state.WriteStateAsync();
        await Events.SendAsync();
        return state.State.Outbox.Pending.Count;
    }
}

[GenerateSerializer, Alias("oneday.events.probe-state")]
public sealed class EventProbeState
{
    [Id(0)] public int Next { get; set; }

    [Id(1)] public EventOutbox Outbox { get; set; } = new();
}
