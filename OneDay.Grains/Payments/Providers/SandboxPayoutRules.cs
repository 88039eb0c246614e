using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>
/// The sandbox's payout rules. Like a PG's test card numbers, an account number starting with
/// <see cref="FailingAccountPrefix"/> always fails (as a closed or wrong account would); any other completes
/// once the payout's processing time has passed. One starting with <see cref="UnknownAccountPrefix"/> does not
/// exist at all, so the account-holder inquiry refuses it before any payout.
/// </summary>
public static class SandboxPayoutRules
{
    public const string FailingAccountPrefix = "999";
    public const string UnknownAccountPrefix = "000";

    /// <summary>The account-holder inquiry: null when the account exists (every number but the unknown ones).</summary>
    public static string? VerifyAccount(BankAccount account) =>
        account.AccountNumber.Replace("-", "", StringComparison.Ordinal).StartsWith(UnknownAccountPrefix, StringComparison.Ordinal)
            ? $"Bank {account.BankCode} has no account {account.AccountNumber}."
            : null;

    public static (PayoutResult Result, bool Changed) Request(ProviderPayout? current, PayoutRequest? stored, PayoutRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.PayoutId) || request.AmountKrw <= 0
            || string.IsNullOrWhiteSpace(request.Account.BankCode) || string.IsNullOrWhiteSpace(request.Account.AccountNumber))
        {
            return (PayoutResult.Refused(ProviderRefusal.InvalidRequest, "A payout needs an id, a bank account and an amount of at least 1 KRW."), false);
        }

        if (current is null)
        {
            return (PayoutResult.Ok(new ProviderPayout(request.PayoutId, request.AmountKrw, ProviderPayoutStatus.Requested, now, null)), true);
        }

        return request == stored
            ? (PayoutResult.Ok(current), false)
            : (PayoutResult.Refused(ProviderRefusal.DuplicateId, $"Payout {request.PayoutId} exists with another account or amount."), false);
    }

    public static ProviderPayout Finish(ProviderPayout requested, BankAccount account, DateTimeOffset now) => requested with
    {
        Status = account.AccountNumber.StartsWith(FailingAccountPrefix, StringComparison.Ordinal)
            ? ProviderPayoutStatus.Failed
            : ProviderPayoutStatus.Completed,
        FinishedAt = now,
    };
}
