using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Api.Payments;

/// <summary>My money in KRW: available to spend or pay out, held in escrow for accepted shifts, and on its way to my bank.</summary>
public sealed record WalletResponse(Guid UserId, long AvailableKrw, long HeldKrw, long PendingPayoutKrw)
{
    public static WalletResponse From(WalletBalances wallet) => new(wallet.UserId, wallet.Available, wallet.Held, wallet.PendingPayout);
}

/// <summary>A wallet as its page shows it: the money, and the points paid shifts earned (kept by the user domain).</summary>
public sealed record WalletPageResponse(Guid UserId, long AvailableKrw, long HeldKrw, long PendingPayoutKrw, long Points)
{
    public static WalletPageResponse From(WalletBalances wallet, long points) =>
        new(wallet.UserId, wallet.Available, wallet.Held, wallet.PendingPayout, points);
}

/// <summary>A top-up of a whole, positive number of KRW.</summary>
public sealed record TopUpRequest(long AmountKrw);

/// <summary>The payment key the provider gave the customer on approval, and the amount the top-up was started with.</summary>
public sealed record ConfirmTopUpRequest(string PaymentKey, long AmountKrw);

/// <param name="OrderId">The order the customer approves at <paramref name="Provider"/>, then confirms here.</param>
/// <param name="Status">awaiting-approval; completed once the money is in the wallet; given-up when the payment was abandoned.</param>
/// <param name="Wallet">The wallet after the top-up, once it is completed.</param>
public sealed record TopUpResponse(Guid OrderId, long AmountKrw, string Status, string Provider, WalletResponse? Wallet)
{
    public static TopUpResponse From(TopUpResult result) => new(
        result.OrderId!.Value,
        result.AmountKrw,
        result.Status switch
        {
            TopUpStatus.Completed => "completed",
            TopUpStatus.GivenUp => "given-up",
            _ => "awaiting-approval",
        },
        result.Provider!,
        result.Wallet is { } wallet ? WalletResponse.From(wallet) : null);
}

/// <summary>What the sandbox's checkout gives the customer who approves an order: the key to confirm it with.</summary>
public sealed record SandboxApprovalResponse(Guid OrderId, string PaymentKey, long AmountKrw)
{
    public static SandboxApprovalResponse From(Guid orderId, ProviderPayment payment) => new(orderId, payment.PaymentKey!, payment.AmountKrw);
}

/// <summary>One posting to my account: what moved it, by how much (negative: out), when.</summary>
public sealed record WalletEntryResponse(long Position, Guid TransactionId, string Kind, long AmountKrw, DateTimeOffset OccurredAt)
{
    public static WalletEntryResponse From(LedgerEntry entry) =>
        new(entry.Position, entry.TransactionId, LedgerNames.Of(entry.Kind), entry.Amount, entry.OccurredAt);
}

/// <param name="NextBefore">Pass as before= for the older entries; null on the last page.</param>
public sealed record WalletEntriesResponse(WalletEntryResponse[] Items, long? NextBefore);

/// <param name="Discrepancy">none, or the first kind of discrepancy found (unbalanced-transaction, balance-mismatch, ...).</param>
public sealed record LedgerVerificationResponse(
    bool Ok, string Discrepancy, Guid? TransactionId, string? Account, string? Detail, long TransactionsChecked, long AccountsChecked)
{
    public static LedgerVerificationResponse From(LedgerVerification v) => new(
        v.Ok, LedgerNames.Of(v.Discrepancy), v.TransactionId, v.Account?.ToString(), v.Detail, v.TransactionsChecked, v.AccountsChecked);
}

/// <param name="Kind">missing-in-ledger, missing-at-provider or amount-mismatch.</param>
public sealed record ReconciliationDifferenceResponse(string Kind, string Reference, long ProviderClearingKrw, long LedgerClearingKrw);

public sealed record ReconciliationResponse(
    DateOnly Day, string Provider, int Matched, ReconciliationDifferenceResponse[] Differences, long CollectedKrw, long PaidOutKrw, long FeesKrw)
{
    public static ReconciliationResponse From(ReconciliationReport r) => new(
        r.Day, r.Provider, r.Matched,
        [.. r.Differences.Select(d => new ReconciliationDifferenceResponse(LedgerNames.Of(d.Kind), d.Reference, d.ProviderClearingKrw, d.LedgerClearingKrw))],
        r.CollectedKrw, r.PaidOutKrw, r.FeesKrw);
}

/// <summary>Where my payouts go: a Korean bank's three-digit code, the account number and its holder's name.</summary>
public sealed record BankAccountRequest(string BankCode, string AccountNumber, string HolderName);

public sealed record BankAccountResponse(string BankCode, string AccountNumber, string HolderName)
{
    public static BankAccountResponse From(BankAccount account) => new(account.BankCode, account.AccountNumber, account.HolderName);
}

/// <summary>A payout of a whole, positive number of KRW from my available balance.</summary>
public sealed record PayoutRequestBody(long AmountKrw);

/// <param name="Status">requested, completed or failed (the money is back in the available balance).</param>
public sealed record PayoutResponse(Guid PayoutId, long AmountKrw, string Status, WalletResponse Wallet)
{
    public static PayoutResponse From(PayoutCommandResult result) => new(
        result.Payout!.PayoutId, result.Payout.AmountKrw, LedgerNames.Of(result.Payout.Status), WalletResponse.From(result.Wallet!));
}
