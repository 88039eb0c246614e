namespace OneDay.Grains.Interfaces.Eventing;

/// <summary>A domain event as the append-only event store keeps it; <see cref="Sequence"/> orders the store.</summary>
[GenerateSerializer, Immutable, Alias("oneday.events.stored")]
public sealed record StoredEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Guid EventId,
    [property: Id(2)] string Type,
    [property: Id(3)] int Version,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] string AggregateId,
    [property: Id(6)] string? CorrelationId,
    [property: Id(7)] string? CausationId,
    [property: Id(8)] string PayloadJson,
    [property: Id(9)] DateTimeOffset RecordedAt);

/// <summary>Filters are optional and combined with AND; <see cref="AfterSequence"/> is the paging cursor.</summary>
[GenerateSerializer, Immutable, Alias("oneday.events.query")]
public sealed record EventQuery(
    [property: Id(0)] string? AggregateId,
    [property: Id(1)] string? Type,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] long AfterSequence,
    [property: Id(5)] int Limit);

/// <summary>One page in store order; <see cref="NextAfterSequence"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("oneday.events.page")]
public sealed record EventPage(
    [property: Id(0)] IReadOnlyList<StoredEvent> Items,
    [property: Id(1)] long? NextAfterSequence);
