using Microsoft.Extensions.Configuration;
using OneDay.Grains.Communication.Messages;
using OneDay.Hosting;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Communication;

/// <summary>One embedded message store per test cluster (<see cref="PerTestCluster{T}"/>): a conversation activated again on the other silo reads the same messages.</summary>
public static class CommunicationTestHooks
{
    private static readonly PerTestCluster<MemoryChatMessageStore> Stores = new();

    /// <summary>The cluster's shared store, or null when the silo keeps messages in PostgreSQL.</summary>
    public static MemoryChatMessageStore? MessagesFor(IConfiguration configuration, OneDayOptions oneDay) =>
        Stores.For(configuration, oneDay, () => new MemoryChatMessageStore());
}
