using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using OneDay.Grains.Payments;
using OneDay.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Payments;

/// <summary>
/// One embedded ledger per test cluster, shared by its in-process silos. The embedded default runs one silo,
/// whose ledger is its process's; a test cluster runs two, and without this each would keep its own, so a
/// movement made through one silo's grain would be missing from the other's (as it never is on PostgreSQL).
/// </summary>
public static class PaymentsTestHooks
{
    private static readonly ConcurrentDictionary<string, InMemoryLedgerStore> Ledgers = new(StringComparer.Ordinal);

    /// <summary>The cluster's shared ledger, or null when the silo keeps the ledger in PostgreSQL.</summary>
    public static InMemoryLedgerStore? LedgerFor(IConfiguration configuration, OneDayOptions oneDay, SiloSettings settings) =>
        oneDay.Mode == HostingMode.Embedded && configuration[Fixtures.TestClusters.ClusterIdSetting] is { } cluster
            ? Ledgers.GetOrAdd(cluster, _ => new InMemoryLedgerStore(settings.Payments))
            : null;
}
