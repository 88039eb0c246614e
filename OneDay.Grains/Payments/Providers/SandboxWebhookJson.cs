using System.Globalization;
using System.Text.Json;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>
/// The sandbox's webhook bodies, in the shape Toss Payments uses:
/// <c>{"eventId", "eventType": "PAYMENT_STATUS_CHANGED", "createdAt", "data": {"orderId", "paymentKey", "status": "DONE", "totalAmount"}}</c>
/// and <c>{"eventType": "PAYOUT_STATUS_CHANGED", "data": {"payoutId", "status": "COMPLETED", "amount"}}</c>.
/// </summary>
public static class SandboxWebhookJson
{
    private const string PaymentEvent = "PAYMENT_STATUS_CHANGED";
    private const string PayoutEvent = "PAYOUT_STATUS_CHANGED";

    private static readonly Dictionary<ProviderPaymentStatus, string> PaymentStatuses = new()
    {
        [ProviderPaymentStatus.Ready] = "READY",
        [ProviderPaymentStatus.Approved] = "IN_PROGRESS",
        [ProviderPaymentStatus.Done] = "DONE",
        [ProviderPaymentStatus.Canceled] = "CANCELED",
        [ProviderPaymentStatus.Aborted] = "ABORTED",
    };

    private static readonly Dictionary<ProviderPayoutStatus, string> PayoutStatuses = new()
    {
        [ProviderPayoutStatus.Requested] = "REQUESTED",
        [ProviderPayoutStatus.Completed] = "COMPLETED",
        [ProviderPayoutStatus.Failed] = "FAILED",
    };

    public static byte[] Write(ProviderWebhook webhook)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventId", webhook.EventId);
            json.WriteString("eventType", webhook.Type == ProviderWebhookType.PaymentStatusChanged ? PaymentEvent : PayoutEvent);
            json.WriteString("createdAt", webhook.OccurredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartObject("data");
            if (webhook.Type == ProviderWebhookType.PaymentStatusChanged)
            {
                json.WriteString("orderId", webhook.Reference);
                json.WriteString("paymentKey", webhook.PaymentKey);
                json.WriteString("status", PaymentStatuses[webhook.PaymentStatus ?? ProviderPaymentStatus.Ready]);
                json.WriteNumber("totalAmount", webhook.AmountKrw);
            }
            else
            {
                json.WriteString("payoutId", webhook.Reference);
                json.WriteString("status", PayoutStatuses[webhook.PayoutStatus ?? ProviderPayoutStatus.Requested]);
                json.WriteNumber("amount", webhook.AmountKrw);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The webhook in <paramref name="body"/>, or null (never an exception) when it is not one.</summary>
    public static ProviderWebhook? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "eventId") is not { Length: > 0 } eventId
                || Text(root, "createdAt") is not { } createdText
                || !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt)
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return Text(root, "eventType") switch
            {
                PaymentEvent => ReadPayment(eventId, createdAt, data),
                PayoutEvent => ReadPayout(eventId, createdAt, data),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProviderWebhook? ReadPayment(string eventId, DateTimeOffset createdAt, JsonElement data) =>
        Text(data, "orderId") is { Length: > 0 } orderId
        && Text(data, "paymentKey") is { Length: > 0 } paymentKey
        && Status(PaymentStatuses, Text(data, "status")) is { } status
        && Amount(data, "totalAmount") is { } amount
            ? new ProviderWebhook(eventId, ProviderWebhookType.PaymentStatusChanged, orderId, paymentKey, status, null, amount, createdAt)
            : null;

    private static ProviderWebhook? ReadPayout(string eventId, DateTimeOffset createdAt, JsonElement data) =>
        Text(data, "payoutId") is { Length: > 0 } payoutId
        && Status(PayoutStatuses, Text(data, "status")) is { } status
        && Amount(data, "amount") is { } amount
            ? new ProviderWebhook(eventId, ProviderWebhookType.PayoutStatusChanged, payoutId, null, null, status, amount, createdAt)
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Amount(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt64(out var amount) && amount > 0
            ? amount
            : null;

    private static TStatus? Status<TStatus>(Dictionary<TStatus, string> names, string? text) where TStatus : struct, Enum
    {
        foreach (var (status, name) in names)
        {
            if (name == text)
            {
                return status;
            }
        }

        return null;
    }
}
