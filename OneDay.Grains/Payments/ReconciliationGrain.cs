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
        var entries = await ledger.EntriesSinceAsync(LedgerAccount.ProviderClearing, ReconciliationRules.ReadFrom(day), PageSize);
        return ReconciliationRules.Compare(provider.Name, report, entries);
    }
}
