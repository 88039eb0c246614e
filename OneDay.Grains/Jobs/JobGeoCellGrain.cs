using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

[GenerateSerializer, Alias("oneday.jobs.geo-cell-state")]
public sealed class JobGeoCellState
{
    [Id(0)] public Dictionary<Guid, JobSearchEntry> Entries { get; set; } = [];
    /// <summary>Version of each job's removal, so a late, older upsert cannot resurrect it.</summary>
    [Id(1)] public Dictionary<Guid, long> Removed { get; set; } = [];
}

/// <summary>
/// The search read model for one grid cell, written only by job grains (each the single writer of its
/// own entry, ordered by the job's version) and read by the search grains as immutable snapshots.
/// </summary>
[DomainPlacement(Domains.Jobs)]
public sealed class JobGeoCellGrain(
    [PersistentState("geo-cell", Domains.Jobs)] IPersistentState<JobGeoCellState> state) : Grain, IJobGeoCellGrain
{
    private CellSnapshot? _snapshot;
    private long _revision;

    public async Task Upsert(JobSearchEntry entry)
    {
        var known = state.State.Entries.TryGetValue(entry.JobId, out var current) ? current.Version
            : state.State.Removed.GetValueOrDefault(entry.JobId, -1);
        if (entry.Version <= known)
        {
            return;
        }

        state.State.Removed.Remove(entry.JobId);
        state.State.Entries[entry.JobId] = entry;
        await ChangedAsync();
    }

    public async Task Remove(Guid jobId, long version)
    {
        if (state.State.Entries.TryGetValue(jobId, out var current) && current.Version <= version)
        {
            state.State.Entries.Remove(jobId);
            state.State.Removed[jobId] = version;
            await ChangedAsync();
        }
    }

    public Task<CellSnapshot> Snapshot() =>
        Task.FromResult(_snapshot ??= new CellSnapshot(_revision, [.. state.State.Entries.Values]));

    private async Task ChangedAsync()
    {
        _revision++;
        _snapshot = null;
        await state.WriteStateAsync();
    }
}
