namespace OneDay.Grains.Interfaces.Payments.Providers;

/// <summary>
/// The sandbox provider's record of one payment, keyed by the merchant's order id, so that every silo reaches
/// the same payment. Callers go through the sandbox's <c>IPaymentProvider</c>; <see cref="Approve"/> and
/// <see cref="Abort"/> stand in for what the customer does in the provider's UI (tests and dev tools call them).
/// </summary>
[Alias("oneday.payments.providers.ISandboxPaymentGrain")]
public interface ISandboxPaymentGrain : IGrainWithStringKey
{
    /// <summary>Creates the payment (READY); the same order again answers the payment as it stands.</summary>
    [Alias("create")]
    Task<PaymentResult> Create(PaymentOrder order);

    /// <summary>
    /// The customer approves: the payment gets its payment key and waits for the merchant's confirmation. Anybody
    /// but the order's customer is answered NotFound.
    /// </summary>
    [Alias("approve")]
    Task<PaymentResult> Approve(Guid customerId);

    /// <summary>The customer gives up before the payment is done: ABORTED, announced by webhook.</summary>
    [Alias("abort")]
    Task<PaymentResult> Abort();

    [Alias("confirm")]
    Task<PaymentResult> Confirm(ConfirmPayment confirm);

    /// <summary>Refunds a done payment in full: CANCELED, announced by webhook.</summary>
    [Alias("cancel")]
    Task<PaymentResult> Cancel(string paymentKey);

    [Alias("get")]
    Task<PaymentResult> Get();
}

/// <summary>The sandbox provider's record of one payout, keyed by the merchant's payout id.</summary>
[Alias("oneday.payments.providers.ISandboxPayoutGrain")]
public interface ISandboxPayoutGrain : IGrainWithStringKey
{
    /// <summary>Takes the payout (REQUESTED); a webhook later says COMPLETED or FAILED. The same request again answers it as it stands.</summary>
    [Alias("request")]
    Task<PayoutResult> Request(PayoutRequest request);

    [Alias("get")]
    Task<PayoutResult> Get();
}

/// <summary>The sandbox's settlement records of one day, keyed by <see cref="SettlementDay.Key"/>.</summary>
[Alias("oneday.payments.providers.ISandboxSettlementGrain")]
public interface ISandboxSettlementGrain : IGrainWithStringKey
{
    /// <summary>Adds entries; one whose id is already recorded is skipped.</summary>
    [Alias("record")]
    Task Record(IReadOnlyList<SettlementEntry> entries);

    [Alias("report")]
    Task<SettlementReport> Report();
}

/// <summary>
/// Checks a provider's webhook on a silo (key: the provider's name, e.g. "sandbox"), where the webhook secret
/// is held, so a gateway needs no secret: it hands over the raw delivery and answers 401 or 400 on a refusal.
/// </summary>
[Alias("oneday.payments.providers.IProviderWebhookGrain")]
public interface IProviderWebhookGrain : IGrainWithStringKey
{
    [Alias("verify")]
    Task<WebhookVerification> Verify(ProviderWebhookDelivery delivery);

    /// <summary>
    /// Verifies a delivery and applies what it reports (a done payment finishes its top-up, a finished payout
    /// its payout). It throws only when applying could not be done now, so that the provider delivers it again.
    /// </summary>
    [Alias("receive")]
    Task<WebhookVerification> Receive(ProviderWebhookDelivery delivery);
}
