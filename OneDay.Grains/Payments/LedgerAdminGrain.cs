using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Payments;

/// <summary>Runs on a payments silo, where the ledger store is; holds nothing, so any number of them may verify at once.</summary>
[StatelessWorker]
[Reentrant]
[DomainPlacement(Domains.Payments)]
public sealed class LedgerAdminGrain(ILedgerStore ledger) : Grain, ILedgerAdminGrain
{
    public Task<LedgerVerification> Verify() => ledger.VerifyAsync();
}
