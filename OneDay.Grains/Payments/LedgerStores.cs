using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Payments;

/// <summary>What every ledger store does the same way.</summary>
public static class LedgerStores
{
    public static void EnsureValid(LedgerTransaction transaction, PaymentOptions options)
    {
        if (LedgerRules.Validate(transaction, options.MaxMovementKrw) is { Count: > 0 } errors)
        {
            throw new ArgumentException(
                $"Ledger transaction {transaction.TransactionId} is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")),
                nameof(transaction));
        }
    }

    /// <summary>The answer to an id appended before: the stored transaction, as a retry or as a conflict.</summary>
    public static LedgerAppendResult Repeated(LedgerTransaction attempted, LedgerTransaction stored) =>
        new(attempted.SameContentAs(stored) ? LedgerAppendOutcome.AlreadyAppended : LedgerAppendOutcome.Conflict, stored, null);

    /// <summary>
    /// An account's postings, newest first, back to at least <paramref name="from"/>: page after page until one
    /// reaches past it (so the last page may hold a few older ones, which callers filter by their own rule).
    /// </summary>
    public static async Task<List<LedgerEntry>> EntriesSinceAsync(this ILedgerStore ledger, LedgerAccount account, DateTimeOffset from, int pageSize)
    {
        var entries = new List<LedgerEntry>();
        long? before = null;
        do
        {
            var page = await ledger.EntriesAsync(account, before, pageSize);
            entries.AddRange(page.Items);
            before = page.Items.Length > 0 && page.Items[^1].OccurredAt >= from ? page.NextBefore : null;
        }
        while (before is not null);

        return entries;
    }

    /// <summary>A page from up to limit + 1 entries, newest first: the extra one only says that there are more.</summary>
    public static LedgerEntryPage Page(IReadOnlyList<LedgerEntry> newestFirst, int limit) =>
        newestFirst.Count > limit
            ? new LedgerEntryPage([.. newestFirst.Take(limit)], newestFirst[limit - 1].Position)
            : new LedgerEntryPage([.. newestFirst], null);
}
