using System.Text.Json;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Eventing.Store;

/// <summary>Payloads are stored as JSON of their concrete record, readable by SQL and by admins.</summary>
public static class EventPayloadJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(IDomainEventPayload payload) =>
        JsonSerializer.Serialize(payload, payload.GetType(), Options);
}
