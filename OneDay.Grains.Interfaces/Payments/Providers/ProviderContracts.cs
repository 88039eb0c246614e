namespace OneDay.Grains.Interfaces.Payments.Providers;

/// <summary>Where a payment stands at the provider (Toss Payments' READY, IN_PROGRESS, DONE, CANCELED, ABORTED).</summary>
public enum ProviderPaymentStatus
{
    /// <summary>Created by the merchant; the customer has not approved it yet.</summary>
    Ready = 0,

    /// <summary>The customer approved it in the provider's UI and the provider issued a payment key; the merchant must confirm it.</summary>
    Approved = 1,

    /// <summary>Confirmed: the money was taken.</summary>
    Done = 2,

    /// <summary>Cancelled (refunded) after it was done.</summary>
    Canceled = 3,

    /// <summary>Given up before it was done (the customer left, or the approval expired).</summary>
    Aborted = 4,
}

public enum ProviderPayoutStatus
{
    Requested = 0,
    Completed = 1,
    Failed = 2,
}

/// <summary>Why a provider refused a request: business answers, not faults, so they are results rather than exceptions.</summary>
public enum ProviderRefusal
{
    None = 0,

    /// <summary>Out of range or missing fields (a zero or negative amount, an empty order id).</summary>
    InvalidRequest = 1,

    /// <summary>The order or payout id is taken by a request with different contents.</summary>
    DuplicateId = 2,

    /// <summary>No such payment (or this payment key is not the order's) or payout.</summary>
    NotFound = 3,

    /// <summary>The amount confirmed is not the amount the order was created with.</summary>
    AmountMismatch = 4,

    /// <summary>The customer has not approved the payment yet.</summary>
    NotApproved = 5,

    /// <summary>The payment can no longer take this step (confirming an aborted one, cancelling one never done).</summary>
    InvalidState = 6,
}

/// <summary>What the merchant asks the provider to collect. Amounts are whole KRW.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.providers.payment-order")]
public sealed record PaymentOrder(
    [property: Id(0)] string OrderId,
    [property: Id(1)] long AmountKrw,
    [property: Id(2)] Guid CustomerId,
    [property: Id(3)] string OrderName);

/// <summary>The merchant's confirmation of an approved payment: all three must match what the provider holds.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.providers.confirm-payment")]
public sealed record ConfirmPayment(
    [property: Id(0)] string PaymentKey,
    [property: Id(1)] string OrderId,
    [property: Id(2)] long AmountKrw);

[GenerateSerializer, Immutable, Alias("oneday.payments.providers.payment")]
public sealed record ProviderPayment(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string? PaymentKey,
    [property: Id(2)] long AmountKrw,
    [property: Id(3)] Guid CustomerId,
    [property: Id(4)] ProviderPaymentStatus Status,
    [property: Id(5)] DateTimeOffset RequestedAt,
    [property: Id(6)] DateTimeOffset? ApprovedAt,
    [property: Id(7)] DateTimeOffset? DoneAt);

[GenerateSerializer, Immutable, Alias("oneday.payments.providers.payment-result")]
public sealed record PaymentResult(
    [property: Id(0)] ProviderRefusal Refusal,
    [property: Id(1)] ProviderPayment? Payment,
    [property: Id(2)] string? Detail)
{
    public bool IsOk => Refusal == ProviderRefusal.None;

    public static PaymentResult Ok(ProviderPayment payment) => new(ProviderRefusal.None, payment, null);

    public static PaymentResult Refused(ProviderRefusal refusal, string detail) => new(refusal, null, detail);
}

[GenerateSerializer, Immutable, Alias("oneday.payments.providers.bank-account")]
public sealed record BankAccount(
    [property: Id(0)] string BankCode,
    [property: Id(1)] string AccountNumber,
    [property: Id(2)] string HolderName);

[GenerateSerializer, Immutable, Alias("oneday.payments.providers.payout-request")]
public sealed record PayoutRequest(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] BankAccount Account,
    [property: Id(2)] long AmountKrw);

[GenerateSerializer, Immutable, Alias("oneday.payments.providers.payout")]
public sealed record ProviderPayout(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] long AmountKrw,
    [property: Id(2)] ProviderPayoutStatus Status,
    [property: Id(3)] DateTimeOffset RequestedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt);

[GenerateSerializer, Immutable, Alias("oneday.payments.providers.payout-result")]
public sealed record PayoutResult(
    [property: Id(0)] ProviderRefusal Refusal,
    [property: Id(1)] ProviderPayout? Payout,
    [property: Id(2)] string? Detail)
{
    public bool IsOk => Refusal == ProviderRefusal.None;

    public static PayoutResult Ok(ProviderPayout payout) => new(ProviderRefusal.None, payout, null);

    public static PayoutResult Refused(ProviderRefusal refusal, string detail) => new(refusal, null, detail);
}
