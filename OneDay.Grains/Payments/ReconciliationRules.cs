using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments;

/// <summary>
/// Holds a provider's settlement report for one day against the ledger's postings to provider clearing. Both
/// name a movement alike: the provider by its order or payout id, the ledger by the transaction id that id was
/// made from. A ledger append lands a moment after the provider's own record, so around midnight (KST) a
/// movement may sit on either side: postings within <see cref="Straddle"/> of the day count for it when the
/// report names them, and postings in the day's first <see cref="Straddle"/> that it does not name are left to
/// the day before.
/// </summary>
public static class ReconciliationRules
{
    public static readonly TimeSpan Straddle = TimeSpan.FromHours(1);

    /// <summary>From when the ledger must be read to reconcile <paramref name="day"/>.</summary>
    public static DateTimeOffset ReadFrom(DateOnly day) => SettlementDay.Start(day) - Straddle;

    /// <summary>
    /// The days to reconcile at <paramref name="now"/>: each day after <paramref name="last"/> (or, the first time,
    /// only yesterday) whose straddle past midnight is over too, so that no late posting of it is still to come;
    /// at most <paramref name="max"/> of the oldest, so a long outage catches up over several runs.
    /// </summary>
    public static IEnumerable<DateOnly> DueDays(DateOnly? last, DateTimeOffset now, int max)
    {
        var closed = SettlementDay.Of(now - Straddle).AddDays(-1);
        var first = last?.AddDays(1) ?? closed;
        for (var day = first; day <= closed && max-- > 0; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public static ReconciliationReport Compare(string provider, SettlementReport report, IEnumerable<LedgerEntry> clearingEntries)
    {
        var expected = report.Entries
            .GroupBy(e => e.Reference, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(ClearingMovement), StringComparer.Ordinal);
        var start = SettlementDay.Start(report.Day);
        var end = start.AddDays(1);
        var recorded = clearingEntries
            .Select(e => (Reference: ProviderReference(e), Entry: e))
            .Where(e => expected.ContainsKey(e.Reference)
                ? e.Entry.OccurredAt >= start - Straddle && e.Entry.OccurredAt < end + Straddle
                : e.Entry.OccurredAt >= start + Straddle && e.Entry.OccurredAt < end)
            .GroupBy(e => e.Reference, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Entry.Amount), StringComparer.Ordinal);

        var differences = new List<ReconciliationDifference>();
        var matched = 0;
        foreach (var reference in expected.Keys.Union(recorded.Keys).Order(StringComparer.Ordinal))
        {
            var atProvider = expected.TryGetValue(reference, out var p) ? p : (long?)null;
            var inLedger = recorded.TryGetValue(reference, out var l) ? l : (long?)null;
            if (atProvider == inLedger)
            {
                matched++;
                continue;
            }

            var kind = inLedger is null ? ReconciliationDifferenceKind.MissingInLedger
                : atProvider is null ? ReconciliationDifferenceKind.MissingAtProvider
                : ReconciliationDifferenceKind.AmountMismatch;
            differences.Add(new ReconciliationDifference(kind, reference, atProvider ?? 0, inLedger ?? 0));
        }

        return new ReconciliationReport(report.Day, provider, matched, [.. differences], report.CollectedKrw, report.PaidOutKrw, report.FeesKrw);
    }

    /// <summary>
    /// The provider's name for what a posting to provider clearing moved: a top-up is the order itself; a payout's
    /// completion names its payout (the request's transaction) last in its reference.
    /// </summary>
    public static string ProviderReference(LedgerEntry entry) =>
        entry.Kind == LedgerTransactionKind.PayoutCompleted
            ? entry.Reference[(entry.Reference.LastIndexOf('/') + 1)..]
            : entry.TransactionId.ToString("N");

    /// <summary>
    /// What an entry moves on provider clearing, whose balance is minus what the provider holds for the platform:
    /// money collected lowers it, money refunded or paid out raises it. A cancellation's amount is negative.
    /// </summary>
    private static long ClearingMovement(SettlementEntry entry) => entry.Kind switch
    {
        SettlementEntryKind.Payout => entry.AmountKrw,
        _ => -entry.AmountKrw,
    };
}
