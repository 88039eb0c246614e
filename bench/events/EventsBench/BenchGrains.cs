using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Grains.Interfaces.Eventing;

namespace EventsBench;

/// <summary>SentAt is a Stopwatch timestamp: producer and consumer share this process, so it needs no clock sync.</summary>
[GenerateSerializer, Immutable, Alias("oneday.bench.pinged"), EventType("analytics.bench-pinged")]
public sealed record BenchPinged([property: Id(0)] long SentAt, [property: Id(1)] int Sequence) : IDomainEventPayload;

[Alias("oneday.bench.producer")]
public interface IBenchProducerGrain : IGrainWithStringKey
{
    [Alias("emit")]
    Task Emit(int sequence);
}

/// <summary>Produces the way domain grains do (outbox in state, state write, send), waiting for the send.</summary>
public sealed class BenchProducerGrain(
    [PersistentState("bench-producer", Domains.Analytics)] IPersistentState<BenchProducerState> state)
    : Grain, IBenchProducerGrain
{
    private OutboxSender? _events;

    private OutboxSender Events => _events ??= this.BackgroundPublisher(() => state.State.Outbox);

    public async Task Emit(int sequence)
    {
        var payload = new BenchPinged(System.Diagnostics.Stopwatch.GetTimestamp(), sequence);
        state.State.Outbox.Add(DomainEvent.Create(payload, this.GetPrimaryKeyString(), DateTimeOffset.UtcNow));
        await state.WriteStateAsync();
        await Events.SendAsync();
    }
}

[GenerateSerializer, Alias("oneday.bench.producer-state")]
public sealed class BenchProducerState
{
    [Id(0)] public EventOutbox Outbox { get; set; } = new();
}

[Alias("oneday.bench.consumer")]
public interface IBenchConsumerGrain : IGrainWithStringKey;

/// <summary>An idempotent consumer whose effect is a counter; the handle is recorded when the handler runs.</summary>
[ImplicitStreamSubscription(Domains.Analytics)]
public sealed class BenchConsumerGrain(
    [PersistentState("bench-consumer", Domains.Analytics)] IPersistentState<BenchConsumerState> state)
    : IdempotentConsumerGrain<BenchConsumerState>(state), IBenchConsumerGrain
{
    public static Latencies Handled { get; set; } = new();

    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is BenchPinged;

    protected override Task HandleAsync(DomainEvent domainEvent)
    {
        State.Count++;
        Handled.Record(((BenchPinged)domainEvent.Payload).SentAt);
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Alias("oneday.bench.consumer-state")]
public sealed class BenchConsumerState : ConsumerState
{
    [Id(0)] public long Count { get; set; }
}
