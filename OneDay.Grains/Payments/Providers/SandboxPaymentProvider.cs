using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Payments.Providers;

/// <summary>
/// The sandbox behind <see cref="IPaymentProvider"/>: each payment and payout is a grain of the payments domain
/// (keyed by the merchant's id), so every silo sees the same one.
/// </summary>
public sealed class SandboxPaymentProvider(IGrainFactory grains, SandboxPsp psp) : IPaymentProvider
{
    public const string ProviderName = "sandbox";

    public string Name => ProviderName;

    public Task<PaymentResult> CreatePaymentAsync(PaymentOrder order) => Payment(order.OrderId)?.Create(order) ?? NoPayment();

    public Task<PaymentResult> ConfirmPaymentAsync(ConfirmPayment confirm) => Payment(confirm.OrderId)?.Confirm(confirm) ?? NoPayment();

    public Task<PaymentResult> CancelPaymentAsync(string orderId, string paymentKey) => Payment(orderId)?.Cancel(paymentKey) ?? NoPayment();

    public Task<PaymentResult> GetPaymentAsync(string orderId) => Payment(orderId)?.Get() ?? NoPayment();

    public Task<string?> VerifyBankAccountAsync(BankAccount account) => Task.FromResult(SandboxPayoutRules.VerifyAccount(account));

    public Task<PayoutResult> RequestPayoutAsync(PayoutRequest request) =>
        IsId(request.PayoutId)
            ? grains.Reference<ISandboxPayoutGrain>(request.PayoutId).Request(request)
            : Task.FromResult(PayoutResult.Refused(ProviderRefusal.InvalidRequest, "A payout needs an id."));

    public Task<PayoutResult> GetPayoutAsync(string payoutId) =>
        IsId(payoutId)
            ? grains.Reference<ISandboxPayoutGrain>(payoutId).Get()
            : Task.FromResult(PayoutResult.Refused(ProviderRefusal.NotFound, "No payout has this id."));

    public Task<SettlementReport> GetSettlementReportAsync(DateOnly day) =>
        grains.Reference<ISandboxSettlementGrain>(SettlementDay.Key(day)).Report();

    public WebhookVerification VerifyWebhook(ProviderWebhookDelivery delivery)
    {
        var refusal = psp.Signature.Check(delivery.Header(WebhookSignature.HeaderName), delivery.Body, psp.Time.GetUtcNow());
        if (refusal != WebhookRefusal.None)
        {
            return WebhookVerification.Refused(refusal, refusal == WebhookRefusal.Stale
                ? $"The signature's timestamp is more than {psp.Signature.Tolerance.TotalSeconds:0} s from now."
                : $"The {WebhookSignature.HeaderName} header is missing, malformed or does not match the body.");
        }

        return SandboxWebhookJson.Read(delivery.Body) is { } webhook
            ? WebhookVerification.Verified(webhook)
            : WebhookVerification.Refused(WebhookRefusal.MalformedBody, "The body is not a sandbox webhook.");
    }

    private ISandboxPaymentGrain? Payment(string orderId) => IsId(orderId) ? grains.Reference<ISandboxPaymentGrain>(orderId) : null;

    private static Task<PaymentResult> NoPayment() =>
        Task.FromResult(PaymentResult.Refused(ProviderRefusal.InvalidRequest, "A payment needs an order id."));

    /// <summary>Merchant ids as Toss takes them: 6 to 64 letters, digits, '-' and '_'.</summary>
    private static bool IsId(string? id) =>
        id is { Length: >= 6 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>Checks webhooks on a silo, where the secret is; the gateway's webhook endpoint calls it with the raw delivery.</summary>
[StatelessWorker]
[Reentrant]
[DomainPlacement(Domains.Payments)]
public sealed class ProviderWebhookGrain(IPaymentProvider provider, ILedgerStore ledger, TimeProvider time) : Grain, IProviderWebhookGrain
{
    public Task<WebhookVerification> Verify(ProviderWebhookDelivery delivery) =>
        Task.FromResult(this.GetPrimaryKeyString() == provider.Name
            ? provider.VerifyWebhook(delivery)
            : WebhookVerification.Refused(WebhookRefusal.BadSignature, $"No provider is named {this.GetPrimaryKeyString()}."));

    public async Task<WebhookVerification> Receive(ProviderWebhookDelivery delivery)
    {
        var verification = await Verify(delivery);
        // Deduplicated by the provider's event id: a redelivery of an applied event is acknowledged and left alone.
        // Applying is idempotent too, so an event applied but not yet marked (a crash between) is merely applied again.
        var seen = verification.Webhook is { EventId: { Length: > 0 and <= IProviderWebhookEventGrain.MaxEventIdLength } eventId }
            ? GrainFactory.Reference<IProviderWebhookEventGrain>($"{provider.Name}/{eventId}")
            : null;
        if (seen is not null && await seen.Applied())
        {
            return verification;
        }

        await ApplyAsync(verification);
        if (seen is not null)
        {
            await seen.MarkApplied(time.GetUtcNow());
        }

        return verification;
    }

    private async Task ApplyAsync(WebhookVerification verification)
    {
        // A done top-up is usually confirmed by the customer's return first; the webhook finishes one whose
        // confirmation was lost on the way. Confirming is idempotent, so duplicates and reordering are harmless.
        if (verification.Webhook is { Type: ProviderWebhookType.PaymentStatusChanged, PaymentStatus: ProviderPaymentStatus.Done, PaymentKey: { } key } webhook
            && Guid.TryParseExact(webhook.Reference, "N", out var orderId)
            && await provider.GetPaymentAsync(webhook.Reference) is { IsOk: true, Payment: { } payment })
        {
            await GrainFactory.Reference<IWalletGrain>(payment.CustomerId).ConfirmTopUp(orderId, key, webhook.AmountKrw);
        }

        // A payout's id is its request's ledger transaction, whose reference names the worker.
        if (verification.Webhook is { Type: ProviderWebhookType.PayoutStatusChanged, PayoutStatus: ProviderPayoutStatus.Completed or ProviderPayoutStatus.Failed } finished
            && Guid.TryParseExact(finished.Reference, "N", out var payoutId)
            && await ledger.FindAsync(payoutId) is { } requested
            && PayoutRules.WorkerOf(requested) is { } worker)
        {
            await GrainFactory.Reference<IWalletGrain>(worker).FinishPayout(payoutId, finished.PayoutStatus == ProviderPayoutStatus.Completed);
        }
    }
}
