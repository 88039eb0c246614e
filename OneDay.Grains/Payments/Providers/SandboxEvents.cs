using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>
/// What a sandbox status change announces: its webhook and, when money moved, its settlement entry, both under
/// one event id. The id is derived from what changed (a status is reached at most once), so a change retried
/// after a lost write announces the same event rather than a second one.
/// </summary>
public static class SandboxEvents
{
    public static (ProviderWebhook Webhook, SettlementEntry? Entry) PaymentChanged(ProviderPayment payment, DateTimeOffset now, int feeRateBasisPoints)
    {
        var eventId = EventId("payment", payment.OrderId, payment.Status.ToString());
        var webhook = new ProviderWebhook(eventId, ProviderWebhookType.PaymentStatusChanged, payment.OrderId, payment.PaymentKey,
            payment.Status, null, payment.AmountKrw, now);
        var fee = PaymentFee(payment.AmountKrw, feeRateBasisPoints);
        SettlementEntry? entry = payment.Status switch
        {
            ProviderPaymentStatus.Done => new(eventId, SettlementEntryKind.Payment, payment.OrderId, payment.PaymentKey, payment.AmountKrw, fee, now),
            ProviderPaymentStatus.Canceled => new(eventId, SettlementEntryKind.Cancellation, payment.OrderId, payment.PaymentKey, -payment.AmountKrw, -fee, now),
            _ => null,
        };
        return (webhook, entry);
    }

    public static (ProviderWebhook Webhook, SettlementEntry? Entry) PayoutFinished(ProviderPayout payout, DateTimeOffset now, long payoutFeeKrw)
    {
        var eventId = EventId("payout", payout.PayoutId, payout.Status.ToString());
        var webhook = new ProviderWebhook(eventId, ProviderWebhookType.PayoutStatusChanged, payout.PayoutId, null,
            null, payout.Status, payout.AmountKrw, now);
        SettlementEntry? entry = payout.Status == ProviderPayoutStatus.Completed
            ? new(eventId, SettlementEntryKind.Payout, payout.PayoutId, null, payout.AmountKrw, payoutFeeKrw, now)
            : null;
        return (webhook, entry);
    }

    /// <summary>The provider's fee on a payment, rounded down to the won.</summary>
    public static long PaymentFee(long amountKrw, int feeRateBasisPoints) =>
        (long)((Int128)amountKrw * feeRateBasisPoints / 10_000);

    private static string EventId(string kind, string reference, string status) =>
        "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{reference}\n{status}")))[..32];
}
