using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>
/// The port every payment provider (PG/PSP) is reached through, shaped after Korean providers such as Toss
/// Payments: the merchant creates a payment order, the customer approves it in the provider's UI and comes
/// back with a payment key, and the merchant confirms (payment key, order id, amount) before any money moves.
/// Payouts are requested and finish later, by webhook. Business refusals are results, never exceptions; an
/// exception means the provider could not be asked, and the same request may be sent again (every call is
/// idempotent by its order or payout id).
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The provider's name, also the last segment of its webhook route (/api/payments/webhooks/{name}).</summary>
    string Name { get; }

    Task<PaymentResult> CreatePaymentAsync(PaymentOrder order);

    /// <summary>
    /// Takes the money of an approved payment. Refused when the key is not the order's, the amount differs from
    /// the order's or the customer has not approved; confirming a done payment again answers it unchanged.
    /// </summary>
    Task<PaymentResult> ConfirmPaymentAsync(ConfirmPayment confirm);

    /// <summary>Refunds a done payment in full.</summary>
    Task<PaymentResult> CancelPaymentAsync(string orderId, string paymentKey);

    /// <summary>The payment as the provider holds it, for polling or reconciliation.</summary>
    Task<PaymentResult> GetPaymentAsync(string orderId);

    /// <summary>
    /// Asks the bank, through the provider, whether the account exists and is held by the name given (Korea's
    /// account-holder inquiry): null when it is, else why not. A payout goes only to an account that passed.
    /// </summary>
    Task<string?> VerifyBankAccountAsync(BankAccount account);

    Task<PayoutResult> RequestPayoutAsync(PayoutRequest request);

    Task<PayoutResult> GetPayoutAsync(string payoutId);

    /// <summary>What the provider settled on <paramref name="day"/> (<see cref="SettlementDay"/>).</summary>
    Task<SettlementReport> GetSettlementReportAsync(DateOnly day);

    /// <summary>Checks a delivery's signature and age and parses it; never throws for a bad delivery.</summary>
    WebhookVerification VerifyWebhook(ProviderWebhookDelivery delivery);
}
