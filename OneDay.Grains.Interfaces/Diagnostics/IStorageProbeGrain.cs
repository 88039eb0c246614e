namespace OneDay.Grains.Interfaces.Diagnostics;

/// <summary>
/// Readiness probe: a round trip through the cluster that writes and reads back one small record in
/// every domain's grain storage, so "ready" means the cluster and all storage actually answer.
/// </summary>
[Alias("oneday.infrastructure.storage-probe")]
public interface IStorageProbeGrain : IGrainWithIntegerKey
{
    [Alias("probe")]
    Task<StorageProbeResult> Probe();
}

[GenerateSerializer, Immutable, Alias("oneday.infrastructure.storage-probe-result")]
public sealed record StorageProbeResult(
    [property: Id(0)] string SiloAddress,
    [property: Id(1)] IReadOnlyList<string> StoragesChecked,
    [property: Id(2)] long Sequence);
