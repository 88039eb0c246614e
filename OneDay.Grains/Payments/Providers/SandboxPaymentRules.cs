using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>What a request does to a sandbox payment: the answer, and whether the payment changed (and must be written).</summary>
public readonly record struct PaymentStep(PaymentResult Result, bool Changed)
{
    public static PaymentStep Unchanged(ProviderPayment payment) => new(PaymentResult.Ok(payment), false);

    public static PaymentStep To(ProviderPayment payment) => new(PaymentResult.Ok(payment), true);

    public static PaymentStep Refused(ProviderRefusal refusal, string detail) => new(PaymentResult.Refused(refusal, detail), false);
}

/// <summary>
/// The sandbox's payment rules, as a Korean PG applies them: READY until the customer approves (and a payment
/// key is issued), DONE only when the merchant confirms with the matching key, order id and amount.
/// </summary>
public static class SandboxPaymentRules
{
    public static PaymentStep Create(ProviderPayment? current, PaymentOrder order, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(order.OrderId) || order.AmountKrw <= 0)
        {
            return PaymentStep.Refused(ProviderRefusal.InvalidRequest, "An order needs an id and an amount of at least 1 KRW.");
        }

        if (current is null)
        {
            return PaymentStep.To(new ProviderPayment(
                order.OrderId, null, order.AmountKrw, order.CustomerId, ProviderPaymentStatus.Ready, now, null, null));
        }

        return current.AmountKrw == order.AmountKrw && current.CustomerId == order.CustomerId
            ? PaymentStep.Unchanged(current)
            : PaymentStep.Refused(ProviderRefusal.DuplicateId, $"Order {order.OrderId} exists with another amount or customer.");
    }

    /// <summary>Only the order's customer approves it; to anybody else the order does not exist.</summary>
    public static PaymentStep Approve(ProviderPayment? current, Guid customerId, string paymentKey, DateTimeOffset now) => current switch
    {
        null => Unknown(),
        _ when current.CustomerId != customerId => Unknown(),
        { Status: ProviderPaymentStatus.Ready } => PaymentStep.To(current with
        {
            PaymentKey = paymentKey, Status = ProviderPaymentStatus.Approved, ApprovedAt = now,
        }),
        { Status: ProviderPaymentStatus.Approved } => PaymentStep.Unchanged(current),
        _ => WrongState(current, "approved"),
    };

    public static PaymentStep Confirm(ProviderPayment? current, ConfirmPayment confirm, DateTimeOffset now)
    {
        if (current is null || current.OrderId != confirm.OrderId
            || (current.PaymentKey is not null && current.PaymentKey != confirm.PaymentKey))
        {
            return Unknown();
        }

        if (current.Status == ProviderPaymentStatus.Ready)
        {
            return PaymentStep.Refused(ProviderRefusal.NotApproved, "The customer has not approved this payment.");
        }

        if (confirm.AmountKrw != current.AmountKrw)
        {
            return PaymentStep.Refused(ProviderRefusal.AmountMismatch,
                $"The order is for {current.AmountKrw} KRW, not {confirm.AmountKrw}.");
        }

        return current.Status switch
        {
            ProviderPaymentStatus.Approved => PaymentStep.To(current with { Status = ProviderPaymentStatus.Done, DoneAt = now }),
            ProviderPaymentStatus.Done => PaymentStep.Unchanged(current),
            _ => WrongState(current, "confirmed"),
        };
    }

    public static PaymentStep Cancel(ProviderPayment? current, string paymentKey) => current switch
    {
        null => Unknown(),
        _ when current.PaymentKey is null || current.PaymentKey != paymentKey => Unknown(),
        { Status: ProviderPaymentStatus.Done } => PaymentStep.To(current with { Status = ProviderPaymentStatus.Canceled }),
        { Status: ProviderPaymentStatus.Canceled } => PaymentStep.Unchanged(current),
        _ => WrongState(current, "cancelled"),
    };

    public static PaymentStep Abort(ProviderPayment? current) => current switch
    {
        null => Unknown(),
        { Status: ProviderPaymentStatus.Ready or ProviderPaymentStatus.Approved } =>
            PaymentStep.To(current with { Status = ProviderPaymentStatus.Aborted }),
        { Status: ProviderPaymentStatus.Aborted } => PaymentStep.Unchanged(current),
        _ => WrongState(current, "aborted"),
    };

    private static PaymentStep Unknown() =>
        PaymentStep.Refused(ProviderRefusal.NotFound, "No payment has this order id and payment key.");

    private static PaymentStep WrongState(ProviderPayment current, string verb) =>
        PaymentStep.Refused(ProviderRefusal.InvalidState, $"A payment that is {current.Status} cannot be {verb}.");
}
