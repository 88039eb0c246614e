using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

/// <summary>The embedded ledger, held to <see cref="LedgerStoreContract"/>; OneDay.Tests holds the PostgreSQL one to it too.</summary>
public sealed class InMemoryLedgerStoreTests : LedgerStoreContract
{
    protected override ILedgerStore Store { get; } = new InMemoryLedgerStore(new PaymentOptions());
}
