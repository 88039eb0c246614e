using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Eventing.Probe;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Eventing.Probe;

/// <summary>Produces like every domain grain: outbox in state, one state write, then the flush.</summary>
[DomainPlacement(Domains.Analytics)]
public sealed class EventProbeGrain(
    [PersistentState("event-probe", Domains.Analytics)] IPersistentState<EventProbeState> state,
    TimeProvider time)
    : Grain, IEventProbeGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await this.FlushAsync(state.State.Outbox);

    public async Task<int> EmitUntil(int until)
    {
        var now = time.GetUtcNow();
        while (state.State.Next < until)
        {
            state.State.Outbox.Add(DomainEvent.Create(new EventProbePinged(state.State.Next++), this.GetPrimaryKeyString(), now));
        }

        await state.WriteStateAsync();
        await this.FlushAsync(state.State.Outbox);
        return state.State.Outbox.Pending.Count;
    }
}

[GenerateSerializer, Alias("oneday.events.probe-state")]
public sealed class EventProbeState
{
    [Id(0)] public int Next { get; set; }

    [Id(1)] public EventOutbox Outbox { get; set; } = new();
}
