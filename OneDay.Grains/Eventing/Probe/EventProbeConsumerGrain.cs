using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Eventing.Probe;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Eventing.Probe;

/// <summary>Its effect is the set of applied probe numbers, so a lost or doubly applied event shows in <see cref="Stats"/>.</summary>
[DomainPlacement(Domains.Analytics)]
[ImplicitStreamSubscription(Domains.Analytics)]
public sealed class EventProbeConsumerGrain(
    [PersistentState("event-probe-consumer", Domains.Analytics)] IPersistentState<EventProbeConsumerState> state)
    : IdempotentConsumerGrain<EventProbeConsumerState>(state), IEventProbeConsumerGrain
{
    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is EventProbePinged;

    protected override Task HandleAsync(DomainEvent domainEvent)
    {
        State.Applied++;
        if (!State.Sequences.Add(((EventProbePinged)domainEvent.Payload).Sequence))
        {
            State.AppliedTwice++;
        }

        return Task.CompletedTask;
    }

    public Task<EventProbeStats> Stats()
    {
        var highest = State.Sequences.Count == 0 ? -1 : State.Sequences.Max();
        return Task.FromResult(new EventProbeStats(
            State.Applied, State.AppliedTwice, highest + 1 - State.Sequences.Count, highest));
    }
}

[GenerateSerializer, Alias("oneday.events.probe-consumer-state")]
public sealed class EventProbeConsumerState : ConsumerState
{
    [Id(0)] public int Applied { get; set; }

    [Id(1)] public int AppliedTwice { get; set; }

    [Id(2)] public HashSet<int> Sequences { get; set; } = [];
}
