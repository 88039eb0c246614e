using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Interfaces.Payments;

/// <summary>
/// An admin's manual correction of one user's balance: <see cref="AmountKrw"/> added to (or, negative, taken from)
/// the user's <see cref="Account"/>, against the platform's adjustment account.
/// </summary>
/// <param name="Account">The ledger name of the user's account: employer-available or worker-available.</param>
/// <param name="IdempotencyKey">The request's key: the same key and body answer the same adjustment.</param>
[GenerateSerializer, Immutable, Alias("oneday.payments.adjustment-request")]
public sealed record AdjustmentRequest(
    [property: Id(0)] Guid AdminId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string Account,
    [property: Id(3)] long AmountKrw,
    [property: Id(4)] string Reason,
    [property: Id(5)] string IdempotencyKey,
    [property: Id(6)] CallerInfo Caller);

[GenerateSerializer, Immutable, Alias("oneday.payments.adjustment-result")]
public sealed record AdjustmentResult(
    [property: Id(0)] PaymentOutcome Outcome,
    [property: Id(1)] Guid? TransactionId,
    [property: Id(2)] WalletBalances? Wallet,
    [property: Id(3)] FieldError[] Errors,
    [property: Id(4)] string? Detail);
