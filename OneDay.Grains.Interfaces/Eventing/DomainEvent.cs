using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace OneDay.Grains.Interfaces.Eventing;

/// <summary>
/// The envelope every domain event travels in. Consumers deduplicate on <see cref="EventId"/>, so a
/// producer may publish the same envelope more than once (outbox retries) without double effects.
/// </summary>
/// <param name="TraceParent">The W3C trace context of the span that raised the event, when traces are recorded, so
/// publishing and every consumer's handling join the trace of the request that caused it.</param>
[GenerateSerializer, Immutable, Alias("oneday.events.envelope")]
public sealed record DomainEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] string AggregateId,
    [property: Id(5)] string? CorrelationId,
    [property: Id(6)] string? CausationId,
    [property: Id(7)] IDomainEventPayload Payload,
    [property: Id(8)] string? TraceParent = null)
{
    private static readonly ConcurrentDictionary<Type, EventTypeAttribute> Types = new();

    public static DomainEvent Create(
        IDomainEventPayload payload, string aggregateId, DateTimeOffset occurredAt, string? correlationId = null, string? causationId = null)
    {
        var type = Describe(payload.GetType());
        // Time-ordered (UUIDv7): the event store's unique index on the id then grows at its right edge
        // instead of taking each insert at a random page, which made it one of PostgreSQL's dearest parts
        // of storing an event.
        var trace = Activity.Current is { Recorded: true, IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
        return new(Guid.CreateVersion7(), type.Name, type.Version, occurredAt, aggregateId, correlationId, causationId, payload, trace);
    }

    /// <summary>The producing domain: what the event store files the event under.</summary>
    public string Domain => Type[..Type.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The stream namespace: the domain's own unless the payload's type names one of the domain's sub-streams; the stream key is the aggregate.</summary>
    public string StreamNamespace => Describe(Payload.GetType()).Stream ?? Domain;

    public static EventTypeAttribute Describe(Type payloadType) => Types.GetOrAdd(payloadType, t =>
    {
        var type = t.GetCustomAttribute<EventTypeAttribute>()
            ?? throw new InvalidOperationException($"{t.Name} needs [EventType(\"domain.name\", version)].");
        // The prefix is the stream namespace; outside the known domains no consumer (nor the event store) would see it.
        var dot = type.Name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == type.Name.Length - 1 || !Domains.IsKnown(type.Name[..dot]))
        {
            throw new InvalidOperationException(
                $"{t.Name}: event type '{type.Name}' must be '<domain>.<name>' with one of {string.Join(", ", Domains.All)}.");
        }

        if (type.Stream is { } stream && !stream.StartsWith(type.Name[..(dot + 1)], StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{t.Name}: stream '{stream}' is not a stream of domain '{type.Name[..dot]}' ('{type.Name[..(dot + 1)]}<name>').");
        }

        return type;
    });
}

/// <summary>
/// A domain event's payload: an immutable [GenerateSerializer] record with an [Alias], so its wire name
/// survives renames, and an <see cref="EventTypeAttribute"/> naming it for consumers and the event store.
/// </summary>
public interface IDomainEventPayload;

/// <summary>"domain.name" (e.g. "users.registered") and the payload's schema version.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name, int version = 1) : Attribute
{
    public string Name { get; } = name;

    public int Version { get; } = version;

    /// <summary>
    /// A sub-stream of the domain ("jobs.applications") for events only some of its consumers want: an implicit
    /// subscription activates its grain for every event of its namespace, and most of a domain's consumers need
    /// not wake for each of them. Null: the domain's own stream.
    /// </summary>
    public string? Stream { get; init; }
}
