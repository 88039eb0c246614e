using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Payments.Providers;

[GenerateSerializer, Alias("oneday.payments.providers.sandbox-payment-state")]
public sealed class SandboxPaymentState : SandboxRecordState
{
    [Id(0)]
    public ProviderPayment? Payment { get; set; }
}

[DomainPlacement(Domains.Payments)]
public sealed class SandboxPaymentGrain(
    [PersistentState("sandbox-payment", Domains.Payments)] IPersistentState<SandboxPaymentState> state,
    SandboxPsp psp,
    ILogger<SandboxPaymentGrain> logger)
    : SandboxRecordGrain<SandboxPaymentState>(state, psp, logger), ISandboxPaymentGrain
{
    public Task<PaymentResult> Create(PaymentOrder order) =>
        order.OrderId == this.GetPrimaryKeyString()
            ? ApplyAsync(SandboxPaymentRules.Create(Record.Payment, order, Now))
            : Task.FromResult(PaymentResult.Refused(ProviderRefusal.InvalidRequest, "The order id is not this payment's."));

    public Task<PaymentResult> Approve(Guid customerId) =>
        ApplyAsync(SandboxPaymentRules.Approve(Record.Payment, customerId, "sbx_" + Guid.NewGuid().ToString("N"), Now));

    public Task<PaymentResult> Abort() => ApplyAsync(SandboxPaymentRules.Abort(Record.Payment));

    public Task<PaymentResult> Confirm(ConfirmPayment confirm) => ApplyAsync(SandboxPaymentRules.Confirm(Record.Payment, confirm, Now));

    public Task<PaymentResult> Cancel(string paymentKey) => ApplyAsync(SandboxPaymentRules.Cancel(Record.Payment, paymentKey));

    public Task<PaymentResult> Get() => Task.FromResult(Record.Payment is { } payment
        ? PaymentResult.Ok(payment)
        : PaymentResult.Refused(ProviderRefusal.NotFound, "No payment has this order id."));

    private async Task<PaymentResult> ApplyAsync(PaymentStep step)
    {
        if (!step.Changed)
        {
            return step.Result;
        }

        var payment = step.Result.Payment!;
        Record.Payment = payment;
        if (payment.Status is ProviderPaymentStatus.Done or ProviderPaymentStatus.Canceled or ProviderPaymentStatus.Aborted)
        {
            var (webhook, entry) = SandboxEvents.PaymentChanged(payment, Now, Psp.Options.FeeRateBasisPoints);
            Announce(webhook, entry);
        }

        await SaveAsync();
        return step.Result;
    }
}
