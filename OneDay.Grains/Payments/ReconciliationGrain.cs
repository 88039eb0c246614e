using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments.Providers;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Payments;

/// <summary>Reads the provider's report and the ledger's provider-clearing postings of a day, and compares them.</summary>
[StatelessWorker]
[Reentrant]
[DomainPlacement(Domains.Payments)]
public sealed class ReconciliationGrain(ILedgerStore ledger, IPaymentProvider provider) : Grain, IReconciliationGrain
{
    private const int PageSize = 500;

    public async Task<ReconciliationReport> Reconcile(DateOnly day)
    {
        var report = await provider.GetSettlementReportAsync(day);
        var from = ReconciliationRules.ReadFrom(day);
        var entries = new List<LedgerEntry>();
        long? before = null;
        do
        {
            // Newest first: read back until the page reaches the day before (and its straddle).
            var page = await ledger.EntriesAsync(LedgerAccount.ProviderClearing, before, PageSize);
            entries.AddRange(page.Items);
            before = page.Items.Length > 0 && page.Items[^1].OccurredAt >= from ? page.NextBefore : null;
        }
        while (before is not null);

        return ReconciliationRules.Compare(provider.Name, report, entries);
    }
}
