using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Payments;

/// <summary>
/// The ledger's check over a snapshot, in the order <see cref="LedgerVerification"/> names its discrepancies: each
/// transaction balances (in append order), each cached balance is its postings' sum, none that must not be
/// negative is, and all balances sum to zero. The memory store runs it as is; PostgreSQL asks the same in SQL.
/// </summary>
public static class LedgerVerifier
{
    public static LedgerVerification Verify(IReadOnlyList<LedgerTransaction> transactions, IReadOnlyDictionary<LedgerAccount, long> balances)
    {
        var sums = new Dictionary<LedgerAccount, Int128>();
        foreach (var transaction in transactions)
        {
            var postings = transaction.Postings;
            if (postings.Length < 2 || postings.Any(p => p.Amount == 0) || Sum(postings.Select(p => p.Amount)) != 0)
            {
                return Found(LedgerDiscrepancy.UnbalancedTransaction, transaction.TransactionId, null,
                    $"{postings.Length} postings summing to {Sum(postings.Select(p => p.Amount))}");
            }

            foreach (var posting in postings)
            {
                sums[posting.Account] = sums.GetValueOrDefault(posting.Account) + posting.Amount;
            }
        }

        var accounts = sums.Keys.Union(balances.Keys).OrderBy(a => a.KindName, StringComparer.Ordinal).ThenBy(a => a.Owner).ThenBy(a => a.Assignment);
        foreach (var account in accounts)
        {
            Int128 cached = balances.GetValueOrDefault(account), posted = sums.GetValueOrDefault(account);
            if (cached != posted)
            {
                return Found(LedgerDiscrepancy.BalanceMismatch, null, account, $"balance {cached}, postings sum to {posted}");
            }
        }

        if (balances.FirstOrDefault(b => b.Value < 0 && !b.Key.MayGoNegative) is { Key: not null } negative)
        {
            return Found(LedgerDiscrepancy.NegativeBalance, null, negative.Key, $"balance {negative.Value}");
        }

        var total = Sum(balances.Values);
        return total != 0
            ? Found(LedgerDiscrepancy.NonZeroTotal, null, null, $"balances sum to {total}")
            : new LedgerVerification(LedgerDiscrepancy.None, null, null, null, transactions.Count, balances.Count);

        LedgerVerification Found(LedgerDiscrepancy discrepancy, Guid? transactionId, LedgerAccount? account, string detail) =>
            new(discrepancy, transactionId, account, detail, transactions.Count, balances.Count);
    }

    /// <summary>A sum that cannot overflow, so that a tampered amount is reported rather than thrown.</summary>
    private static Int128 Sum(IEnumerable<long> amounts) => amounts.Aggregate(Int128.Zero, (sum, amount) => sum + amount);
}
