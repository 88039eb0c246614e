using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments;

/// <summary>What a bank account must look like, and how payouts are named and counted against the daily limit.</summary>
public static class PayoutRules
{
    public const int MaxHolderNameLength = 50;

    public static List<FieldError> Validate(BankAccount? account)
    {
        var errors = new List<FieldError>();
        if (account?.BankCode is not { Length: 3 } code || !code.All(char.IsAsciiDigit))
        {
            errors.Add(new FieldError("bankCode", "The bank's three-digit code, such as 088."));
        }

        if (account?.AccountNumber is not { Length: >= 6 and <= 20 } number || !number.All(c => char.IsAsciiDigit(c) || c == '-')
            || number.Count(char.IsAsciiDigit) < 6)
        {
            errors.Add(new FieldError("accountNumber", "6 to 20 digits, dashes allowed."));
        }

        if (string.IsNullOrWhiteSpace(account?.HolderName) || account.HolderName.Length > MaxHolderNameLength)
        {
            errors.Add(new FieldError("holderName", $"The account holder's name, at most {MaxHolderNameLength} characters."));
        }

        return errors;
    }

    /// <summary>The reference of a worker's payout requests, from which a webhook finds the worker again.</summary>
    public static string Scope(Guid workerId) => $"payout/{workerId:N}";

    /// <summary>The reference of a payout's outcome: its worker's scope and the payout, which is the provider's reference.</summary>
    public static string OutcomeReference(Guid workerId, Guid payoutId) => $"{Scope(workerId)}/{payoutId:N}";

    public static Guid? WorkerOf(LedgerTransaction requested) =>
        requested.Kind == LedgerTransactionKind.PayoutRequested
        && requested.Reference.StartsWith("payout/", StringComparison.Ordinal)
        && Guid.TryParseExact(requested.Reference["payout/".Length..], "N", out var worker)
            ? worker
            : null;

    /// <summary>
    /// What counts against <paramref name="day"/>'s (KST) limit: the payouts asked for that day (the positive
    /// PayoutRequested postings to pending payout) that have not failed. A failed payout gave its money back, and
    /// the worker may well want to send it again to a corrected account the same day.
    /// </summary>
    public static long RequestedOn(DateOnly day, IReadOnlyCollection<LedgerEntry> pendingEntries)
    {
        var failed = pendingEntries
            .Where(e => e.Kind == LedgerTransactionKind.PayoutFailed)
            .Select(e => PayoutOf(e.Reference))
            .ToHashSet();
        return pendingEntries
            .Where(e => e.Kind == LedgerTransactionKind.PayoutRequested && e.Amount > 0 && SettlementDay.Of(e.OccurredAt) == day
                && !failed.Contains(e.TransactionId))
            .Sum(e => e.Amount);
    }

    /// <summary>The payout an outcome's reference (<see cref="OutcomeReference"/>) names.</summary>
    private static Guid? PayoutOf(string outcomeReference) =>
        outcomeReference.LastIndexOf('/') is var slash and > 0 && Guid.TryParseExact(outcomeReference[(slash + 1)..], "N", out var payout)
            ? payout
            : null;
}
