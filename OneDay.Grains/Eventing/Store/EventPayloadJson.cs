using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Eventing.Store;

/// <summary>Payloads are stored as JSON of their concrete record, readable by SQL and by admins.</summary>
public static class EventPayloadJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    // Every payload record, by its event type name: one record per name, whatever its version.
    private static readonly FrozenDictionary<string, Type> Types = typeof(IDomainEventPayload).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(IDomainEventPayload).IsAssignableFrom(t) && t.GetCustomAttribute<EventTypeAttribute>() is not null)
        .ToFrozenDictionary(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name, StringComparer.Ordinal);

    public static string Serialize(IDomainEventPayload payload) =>
        JsonSerializer.Serialize(payload, payload.GetType(), Options);

    /// <summary>A stored payload read back as its record; null for a type this build does not know.</summary>
    public static IDomainEventPayload? Deserialize(string type, string json) =>
        Types.TryGetValue(type, out var payloadType) ? (IDomainEventPayload?)JsonSerializer.Deserialize(json, payloadType, Options) : null;
}
