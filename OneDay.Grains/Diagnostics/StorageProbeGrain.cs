using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Diagnostics;

namespace OneDay.Grains.Diagnostics;

public sealed class StorageProbeGrain(
    [PersistentState("probe-users", Domains.Users)] IPersistentState<StorageProbeState> users,
    [PersistentState("probe-jobs", Domains.Jobs)] IPersistentState<StorageProbeState> jobs,
    [PersistentState("probe-matching", Domains.Matching)] IPersistentState<StorageProbeState> matching,
    [PersistentState("probe-payments", Domains.Payments)] IPersistentState<StorageProbeState> payments,
    [PersistentState("probe-communication", Domains.Communication)] IPersistentState<StorageProbeState> communication,
    [PersistentState("probe-analytics", Domains.Analytics)] IPersistentState<StorageProbeState> analytics,
    [PersistentState("probe-security", Domains.Security)] IPersistentState<StorageProbeState> security)
    : Grain, IStorageProbeGrain
{
    private readonly IPersistentState<StorageProbeState>[] _stores =
        [users, jobs, matching, payments, communication, analytics, security];

    public async Task<StorageProbeResult> Probe()
    {
        // Each store is written and then re-read, so a storage that accepts writes but cannot serve
        // reads (or the reverse) still fails the probe.
        await Task.WhenAll(_stores.Select(async store =>
        {
            store.State.Sequence++;
            await store.WriteStateAsync();
            await store.ReadStateAsync();
        }));
        return new StorageProbeResult(
            RuntimeIdentity,
            Domains.All,
            _stores.Min(s => s.State.Sequence));
    }
}

[GenerateSerializer, Alias("oneday.infrastructure.storage-probe-state")]
public sealed class StorageProbeState
{
    [Id(0)] public long Sequence { get; set; }
}
