using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Interfaces.Payments;

public enum PayoutStatus
{
    /// <summary>The money left the worker's available balance and waits at the provider.</summary>
    Requested = 0,

    /// <summary>The provider paid it into the bank account.</summary>
    Completed = 1,

    /// <summary>The provider could not pay it; the money is back in the available balance.</summary>
    Failed = 2,
}

[GenerateSerializer, Immutable, Alias("oneday.payments.payout")]
public sealed record PayoutView(
    [property: Id(0)] Guid PayoutId,
    [property: Id(1)] long AmountKrw,
    [property: Id(2)] PayoutStatus Status);

[GenerateSerializer, Immutable, Alias("oneday.payments.payout-result")]
public sealed record PayoutCommandResult(
    [property: Id(0)] PaymentOutcome Outcome,
    [property: Id(1)] PayoutView? Payout,
    [property: Id(2)] WalletBalances? Wallet,
    [property: Id(3)] FieldError[] Errors,
    [property: Id(4)] string? Detail)
{
    public static PayoutCommandResult Failed(PaymentOutcome outcome, string detail, params FieldError[] errors) => new(outcome, null, null, errors, detail);
}

[GenerateSerializer, Immutable, Alias("oneday.payments.bank-account-result")]
public sealed record BankAccountResult(
    [property: Id(0)] PaymentOutcome Outcome,
    [property: Id(1)] BankAccount? Account,
    [property: Id(2)] FieldError[] Errors);

/// <summary>The bank account a worker is paid out to (key: the user id).</summary>
[Alias("oneday.payments.IPayoutAccountGrain")]
public interface IPayoutAccountGrain : IGrainWithGuidKey
{
    [Alias("get")]
    Task<BankAccount?> Get();

    /// <summary>Registers or replaces the account; later payouts go to it, earlier ones to the one they named.</summary>
    [Alias("register")]
    Task<BankAccountResult> Register(BankAccount account);

    /// <summary>
    /// Tells the marketplace a payout to this account completed (<see cref="PayoutCompleted"/>): stored, then sent.
    /// Idempotent by <paramref name="completion"/>, the ledger transaction that completed it.
    /// </summary>
    [Alias("payout-completed")]
    Task PayoutCompleted(Guid payoutId, Guid completion, long amountKrw, DateTimeOffset at);
}
