using Microsoft.Extensions.Configuration;
using OneDay.Grains.Payments;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Payments;

/// <summary>One embedded ledger per test cluster (<see cref="PerTestCluster{T}"/>): a movement made through one silo's grain is seen on the other.</summary>
public static class PaymentsTestHooks
{
    private static readonly PerTestCluster<InMemoryLedgerStore> Ledgers = new();

    /// <summary>The cluster's shared ledger, or null when the silo keeps the ledger in PostgreSQL.</summary>
    public static InMemoryLedgerStore? LedgerFor(IConfiguration configuration, OneDayOptions oneDay, SiloSettings settings) =>
        Ledgers.For(configuration, oneDay, () => new InMemoryLedgerStore(settings.Payments));
}
