namespace OneDay.Grains.Interfaces.Payments;

/// <summary>
/// A user's wallet (key: the user id): their balances, read from the ledger, and the movements they start.
/// The ledger holds the money; the wallet decides what may be asked of it.
/// </summary>
[Alias("oneday.payments.IWalletGrain")]
public interface IWalletGrain : IGrainWithGuidKey
{
    [Alias("balances")]
    Task<WalletBalances> Balances();

    /// <summary>
    /// Opens a top-up as an order at the payment provider, which the customer then approves in the provider's
    /// UI. The same Idempotency-Key with the same amount answers the same order (completed, once it is); with
    /// another amount it is <see cref="PaymentOutcome.IdempotencyKeyReused"/>.
    /// </summary>
    [Alias("start-top-up")]
    Task<TopUpResult> StartTopUp(long amountKrw, string idempotencyKey);

    /// <summary>
    /// Takes the approved payment of a top-up this user started and funds the wallet with it. Confirming a
    /// completed top-up again answers it and moves nothing more, so the customer's return and the provider's
    /// webhook may both confirm it.
    /// </summary>
    [Alias("confirm-top-up")]
    Task<TopUpResult> ConfirmTopUp(Guid orderId, string paymentKey, long amountKrw);

    /// <summary>Where a top-up this user started stands; anybody else's is <see cref="PaymentOutcome.NotFound"/>.</summary>
    [Alias("top-up")]
    Task<TopUpResult> TopUp(Guid orderId);

    /// <summary>
    /// One of my accounts' postings, newest first (<paramref name="account"/>: a kind's ledger name, such as
    /// employer-available), <paramref name="limit"/> at a time from before <paramref name="before"/>.
    /// </summary>
    [Alias("entries")]
    Task<WalletEntriesResult> Entries(string account, long? before, int limit);

    /// <summary>
    /// Pays part of the worker's available balance out to their bank account: it is pending at once and
    /// completes (or fails, and comes back) when the provider says so. The same Idempotency-Key with the same
    /// amount answers the same payout.
    /// </summary>
    [Alias("request-payout")]
    Task<PayoutCommandResult> RequestPayout(long amountKrw, string idempotencyKey);

    [Alias("payout")]
    Task<PayoutCommandResult> Payout(Guid payoutId);

    /// <summary>The provider's final word on a payout of this user's (from its webhook); applying it again moves nothing.</summary>
    [Alias("finish-payout")]
    Task<PayoutCommandResult> FinishPayout(Guid payoutId, bool completed);
}

[GenerateSerializer, Immutable, Alias("oneday.payments.wallet-entries-result")]
public sealed record WalletEntriesResult(
    [property: Id(0)] PaymentOutcome Outcome,
    [property: Id(1)] LedgerEntryPage? Page,
    [property: Id(2)] FieldError[] Errors);

/// <summary>Expected business outcomes of payment commands; the gateway maps each to one HTTP answer.</summary>
public enum PaymentOutcome
{
    Ok = 0,
    Invalid = 1,

    /// <summary>An Idempotency-Key already used with a different request.</summary>
    IdempotencyKeyReused = 2,

    /// <summary>The payment provider did not take the payment (given up, or no longer confirmable); nothing moved.</summary>
    PaymentDeclined = 3,

    /// <summary>No top-up of this user has this order id (or the payment key is not the order's).</summary>
    NotFound = 4,

    /// <summary>The customer has not approved the payment at the provider yet.</summary>
    NotApproved = 5,

    /// <summary>The amount confirmed is not the amount the top-up was started with.</summary>
    AmountMismatch = 6,

    /// <summary>The account holds less than the movement asks for; nothing moved.</summary>
    InsufficientFunds = 7,

    /// <summary>The payout would take the day's payouts above the daily limit.</summary>
    DailyLimitExceeded = 8,

    /// <summary>A payout needs a registered bank account.</summary>
    NoBankAccount = 9,

    /// <summary>The user domain does not let this account be paid (it is erased or unknown).</summary>
    NotAllowed = 10,

    /// <summary>The bank, asked through the provider, does not know the account; it was not registered.</summary>
    BankAccountUnverified = 11,
}

public enum TopUpStatus
{
    /// <summary>The provider holds the order; the customer approves it there, then the top-up is confirmed.</summary>
    AwaitingApproval = 0,

    /// <summary>The money is in the wallet.</summary>
    Completed = 1,

    /// <summary>The customer gave the payment up at the provider, or it was cancelled; nothing moved.</summary>
    GivenUp = 2,
}

/// <param name="OrderId">The top-up's order id at the provider, which is also its ledger transaction's id.</param>
/// <param name="Provider">The payment provider's name, where the customer approves the order.</param>
[GenerateSerializer, Immutable, Alias("oneday.payments.top-up-result")]
public sealed record TopUpResult(
    [property: Id(0)] PaymentOutcome Outcome,
    [property: Id(1)] Guid? OrderId,
    [property: Id(2)] long AmountKrw,
    [property: Id(3)] WalletBalances? Wallet,
    [property: Id(4)] FieldError[] Errors,
    [property: Id(5)] string? Detail,
    [property: Id(6)] TopUpStatus Status,
    [property: Id(7)] string? Provider)
{
    public static TopUpResult Failed(PaymentOutcome outcome, string detail, params FieldError[] errors) =>
        new(outcome, null, 0, null, errors, detail, TopUpStatus.AwaitingApproval, null);
}
