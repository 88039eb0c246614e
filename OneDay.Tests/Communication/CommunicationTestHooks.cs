using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using OneDay.Grains.Communication.Messages;
using OneDay.Hosting;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Communication;

/// <summary>
/// One embedded message store per test cluster, shared by its in-process silos, as the ledger is
/// (<see cref="Payments.PaymentsTestHooks"/>): a conversation activated again on the other silo reads the same messages.
/// </summary>
public static class CommunicationTestHooks
{
    private static readonly ConcurrentDictionary<string, MemoryChatMessageStore> Stores = new(StringComparer.Ordinal);

    /// <summary>The cluster's shared store, or null when the silo keeps messages in PostgreSQL.</summary>
    public static MemoryChatMessageStore? MessagesFor(IConfiguration configuration, OneDayOptions oneDay) =>
        oneDay.Mode == HostingMode.Embedded && configuration[TestClusters.ClusterIdSetting] is { } cluster
            ? Stores.GetOrAdd(cluster, _ => new MemoryChatMessageStore())
            : null;
}
