namespace OneDay.Grains.Interfaces.Eventing.Probe;

/// <summary>
/// Pushes numbered probe events through the real event pipeline (outbox, stream provider, idempotent
/// consumer), so operators, failover tests and benchmarks can check end to end that every event is
/// applied exactly once. The key is the probe's aggregate id.
/// </summary>
[Alias("oneday.events.probe")]
public interface IEventProbeGrain : IGrainWithStringKey
{
    /// <summary>Emits the probe events numbered up to <paramref name="until"/> (exclusive); safe to retry.</summary>
    [Alias("emit-until")]
    Task<int> EmitUntil(int until);
}

/// <summary>The consumer side of a probe (same key as its producer).</summary>
[Alias("oneday.events.probe-consumer")]
public interface IEventProbeConsumerGrain : IGrainWithStringKey
{
    [Alias("stats")]
    Task<EventProbeStats> Stats();
}

[GenerateSerializer, Immutable, Alias("oneday.events.probe-stats")]
public sealed record EventProbeStats(
    [property: Id(0)] int Applied,
    [property: Id(1)] int AppliedTwice,
    [property: Id(2)] int Missing,
    [property: Id(3)] int Highest);

[GenerateSerializer, Immutable, Alias("oneday.events.probe-pinged"), EventType("analytics.probe-pinged")]
public sealed record EventProbePinged([property: Id(0)] int Sequence) : IDomainEventPayload;
