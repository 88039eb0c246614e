using System.ComponentModel.DataAnnotations;

namespace OneDay.Grains.Payments.Providers;

/// <summary>
/// The sandbox provider's keys, section OneDay:Payments:Sandbox, read by silos (where the sandbox runs and
/// where webhooks are verified). The delivery keys make it misbehave as real providers do, for tests.
/// </summary>
public sealed class SandboxPspOptions
{
    public const string SectionName = "OneDay:Payments:Sandbox";
    public const string DefaultWebhookUrl = "http://localhost:3000/api/payments/webhooks/sandbox";

    /// <summary>Where the sandbox POSTs its webhooks: the gateway's webhook endpoint.</summary>
    [Required, Url]
    public string WebhookUrl { get; set; } = DefaultWebhookUrl;

    /// <summary>
    /// The secret webhooks are signed with (base64, at least 32 bytes). Unset, it is derived from the silo key,
    /// which every silo shares, so the sandbox needs no secret of its own.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>A file holding <see cref="WebhookSecret"/> instead.</summary>
    public string? WebhookSecretFile { get; set; }

    /// <summary>How far a webhook's signed timestamp may be from now before it is refused as stale.</summary>
    [Range(1, 86_400)]
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>How late every webhook is sent after its event.</summary>
    [Range(0, 86_400)]
    public double DeliveryDelaySeconds { get; set; }

    /// <summary>Send every webhook twice, the copy one delivery delay (at least a second) after the first.</summary>
    public bool DuplicateDeliveries { get; set; }

    /// <summary>
    /// Send a newer webhook before the older ones still waiting in the same payment's or payout's queue (so with
    /// a delivery delay, a CANCELED may arrive before its DONE).
    /// </summary>
    public bool ReorderDeliveries { get; set; }

    /// <summary>How long a payout stays REQUESTED before it completes (or fails: see <see cref="SandboxPayoutRules"/>).</summary>
    [Range(0, 86_400)]
    public double PayoutSeconds { get; set; } = 1;

    /// <summary>The provider's fee on a payment, in hundredths of a percent (300 = 3%), rounded down to the won.</summary>
    [Range(0, 10_000)]
    public int FeeRateBasisPoints { get; set; } = 300;

    /// <summary>The provider's fee per completed payout.</summary>
    [Range(0, 1_000_000)]
    public long PayoutFeeKrw { get; set; }

    public WebhookDeliveryPolicy DeliveryPolicy() => new(
        TimeSpan.FromSeconds(DeliveryDelaySeconds), DuplicateDeliveries, ReorderDeliveries);
}
