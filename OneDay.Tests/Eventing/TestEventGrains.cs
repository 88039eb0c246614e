using System.Collections.Concurrent;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using Orleans.Placement;

namespace OneDay.Tests.Eventing;

/// <summary>A test event in the analytics namespace: Sequence numbers each producer's events 0, 1, 2, ...</summary>
[GenerateSerializer, Immutable, Alias("oneday.tests.ticked"), EventType("analytics.test-ticked")]
public sealed record TestTicked([property: Id(0)] int Sequence, [property: Id(1)] bool Poison = false) : IDomainEventPayload;

[Alias("oneday.tests.producer")]
public interface ITestProducerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Emits the events numbered up to <paramref name="until"/> (exclusive) in one state write, so a retry
    /// after a lost response emits nothing twice; returns how many events are still unpublished.
    /// </summary>
    [Alias("emit")]
    Task<int> EmitUntil(int until, bool poison = false);

    /// <summary>
    /// Like <see cref="EmitUntil"/>, but answers once the state is written and leaves the send to the
    /// background (<see cref="OutboxPublisher.BackgroundPublisher"/>), as the domain grains do.
    /// </summary>
    [Alias("emit-background")]
    Task<int> EmitInBackground(int until);

    /// <summary>Writes the events into the outbox, then dies before publishing them.</summary>
    [Alias("emit-then-crash")]
    Task EmitThenCrash(int count);

    [Alias("pending")]
    Task<int> Pending();
}

/// <summary>The producing pattern every domain grain follows: outbox in state, write, then send.</summary>
[RandomPlacement] // spread over both silos, so events cross silos between producer, queue and consumer
public sealed class TestProducerGrain(
    [PersistentState("test-producer", Domains.Analytics)] IPersistentState<TestProducerState> state)
    : Grain, ITestProducerGrain
{
    private OutboxSender? _events;

    private OutboxSender Events => _events ??= this.BackgroundPublisher(() => state.State.Outbox);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Events.SendAsync();

    public async Task<int> EmitUntil(int until, bool poison = false)
    {
        Add(until - state.State.Next, poison);
        await state.WriteStateAsync();
        await Events.SendAsync();
        return state.State.Outbox.Pending.Count;
    }

    public async Task<int> EmitInBackground(int until)
    {
        Add(until - state.State.Next, poison: false);
        await state.WriteStateAsync();
        _ = Events.SendAsync();
        return state.State.Outbox.Pending.Count;
    }

    public async Task EmitThenCrash(int count)
    {
        Add(count, poison: false);
        await state.WriteStateAsync();
        DeactivateOnIdle();
        throw new InvalidOperationException("Simulated crash between the state write and the publish.");
    }

    public Task<int> Pending() => Task.FromResult(state.State.Outbox.Pending.Count);

    private void Add(int count, bool poison)
    {
        for (var i = 0; i < count; i++)
        {
            var payload = new TestTicked(state.State.Next++, poison && i == count / 2);
            state.State.Outbox.Add(DomainEvent.Create(payload, this.GetPrimaryKeyString(), DateTimeOffset.UtcNow));
        }
    }
}

[GenerateSerializer, Alias("oneday.tests.producer-state")]
public sealed class TestProducerState
{
    [Id(0)] public int Next { get; set; }

    [Id(1)] public EventOutbox Outbox { get; set; } = new();
}

[Alias("oneday.tests.consumer")]
public interface ITestConsumerGrain : IGrainWithStringKey
{
    [Alias("stats")]
    Task<ConsumerStats> Stats();
}

[GenerateSerializer, Immutable, Alias("oneday.tests.consumer-stats")]
public sealed record ConsumerStats(
    [property: Id(0)] int Applied,
    [property: Id(1)] int AppliedTwice,
    [property: Id(2)] IReadOnlyList<int> Sequences,
    [property: Id(3)] string Silo,
    [property: Id(4)] int AppliedOutOfOrder);

/// <summary>Its effect is a counter and the set of applied sequence numbers, so a double application shows.</summary>
[ImplicitStreamSubscription(Domains.Analytics)]
[RandomPlacement] // the default prefers the silo of the pulling agent that first delivers to it
public sealed class TestConsumerGrain(
    [PersistentState("test-consumer", Domains.Analytics)] IPersistentState<TestConsumerState> state)
    : IdempotentConsumerGrain<TestConsumerState>(state), ITestConsumerGrain
{
    /// <summary>Aggregates whose poison events currently make the handler throw (silos share this process).</summary>
    public static readonly ConcurrentDictionary<string, bool> Poisoned = new();

    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is TestTicked;

    protected override Task HandleAsync(DomainEvent domainEvent)
    {
        var ticked = (TestTicked)domainEvent.Payload;
        State.Applied++;
        if (State.Sequences.Count > 0 && ticked.Sequence < State.Sequences.Max())
        {
            State.AppliedOutOfOrder++;
        }

        if (!State.Sequences.Add(ticked.Sequence))
        {
            State.AppliedTwice++;
        }

        if (ticked.Poison && Poisoned.ContainsKey(domainEvent.AggregateId))
        {
            throw new InvalidOperationException($"poison event {ticked.Sequence}");
        }

        return Task.CompletedTask;
    }

    public Task<ConsumerStats> Stats() => Task.FromResult(new ConsumerStats(
        State.Applied, State.AppliedTwice, State.Sequences.Order().ToArray(), RuntimeIdentity, State.AppliedOutOfOrder));
}

[GenerateSerializer, Alias("oneday.tests.consumer-state")]
public sealed class TestConsumerState : ConsumerState
{
    [Id(0)] public int Applied { get; set; }

    [Id(1)] public int AppliedTwice { get; set; }

    [Id(2)] public HashSet<int> Sequences { get; set; } = [];

    /// <summary>Events applied after one with a higher sequence number of the same producer.</summary>
    [Id(3)] public int AppliedOutOfOrder { get; set; }
}
