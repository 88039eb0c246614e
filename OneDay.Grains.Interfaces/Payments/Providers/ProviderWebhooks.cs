namespace OneDay.Grains.Interfaces.Payments.Providers;

public enum ProviderWebhookType
{
    /// <summary>A payment's status changed (DONE, CANCELED, ABORTED).</summary>
    PaymentStatusChanged = 0,

    /// <summary>A payout finished (COMPLETED, FAILED).</summary>
    PayoutStatusChanged = 1,
}

/// <summary>
/// A webhook whose signature and timestamp were checked. Providers deliver at least once and in no particular
/// order, so a receiver skips event ids it has applied and judges a status by the payment's own history, not
/// by arrival. <see cref="Reference"/> is the order id of a payment or the payout id of a payout.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.providers.webhook")]
public sealed record ProviderWebhook(
    [property: Id(0)] string EventId,
    [property: Id(1)] ProviderWebhookType Type,
    [property: Id(2)] string Reference,
    [property: Id(3)] string? PaymentKey,
    [property: Id(4)] ProviderPaymentStatus? PaymentStatus,
    [property: Id(5)] ProviderPayoutStatus? PayoutStatus,
    [property: Id(6)] long AmountKrw,
    [property: Id(7)] DateTimeOffset OccurredAt);

/// <summary>
/// A webhook as it arrived over HTTP, not yet trusted: the raw body (signatures cover its exact bytes) and the
/// request's headers, their names in lower case.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.providers.webhook-delivery")]
public sealed record ProviderWebhookDelivery(
    [property: Id(0)] byte[] Body,
    [property: Id(1)] IReadOnlyDictionary<string, string> Headers)
{
    public static ProviderWebhookDelivery From(byte[] body, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var lowered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            lowered[name.ToLowerInvariant()] = value;
        }

        return new ProviderWebhookDelivery(body, lowered);
    }

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

public enum WebhookRefusal
{
    None = 0,

    /// <summary>The signature header is missing or malformed, or no signature in it matches: answer 401.</summary>
    BadSignature = 1,

    /// <summary>Signed, but too far from now: a replay or a forgery built on an old signature. Answer 401.</summary>
    Stale = 2,

    /// <summary>Correctly signed, but not a webhook this receiver understands: answer 400.</summary>
    MalformedBody = 3,
}

[GenerateSerializer, Immutable, Alias("oneday.payments.providers.webhook-verification")]
public sealed record WebhookVerification(
    [property: Id(0)] WebhookRefusal Refusal,
    [property: Id(1)] ProviderWebhook? Webhook,
    [property: Id(2)] string? Detail)
{
    public bool IsVerified => Refusal == WebhookRefusal.None;

    public static WebhookVerification Verified(ProviderWebhook webhook) => new(WebhookRefusal.None, webhook, null);

    public static WebhookVerification Refused(WebhookRefusal refusal, string detail) => new(refusal, null, detail);
}
