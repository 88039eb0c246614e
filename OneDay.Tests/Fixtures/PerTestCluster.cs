using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using OneDay.Hosting;

namespace OneDay.Tests.Fixtures;

/// <summary>
/// One in-memory store per test cluster, shared by its in-process silos. The embedded default runs one silo, whose
/// memory is its process's; a test cluster runs two, and without this each would keep its own, so what one silo's
/// grain stored would be missing on the other (as it never is on PostgreSQL).
/// </summary>
public sealed class PerTestCluster<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _stores = new(StringComparer.Ordinal);

    /// <summary>The cluster's shared store, made by <paramref name="create"/> for its first silo; null outside the embedded mode.</summary>
    public T? For(IConfiguration configuration, OneDayOptions oneDay, Func<T> create) =>
        oneDay.Mode == HostingMode.Embedded && configuration[TestClusters.ClusterIdSetting] is { } cluster
            ? _stores.GetOrAdd(cluster, _ => create())
            : null;
}
