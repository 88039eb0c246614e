using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Workers;

/// <summary>
/// Where the worker read model is kept: one row per worker (the cell they are in, the version and the entry), so a
/// change writes one small row, not the whole of a crowded cell. A row left by a removal keeps its version, so a late,
/// older upsert cannot bring the worker back.
/// </summary>
public interface IWorkerIndexStore
{
    /// <summary>Puts the worker in the cell, unless the store holds them at this version or a newer one; true when stored.</summary>
    Task<bool> UpsertAsync(string cell, WorkerIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Takes the worker out, if the store has them in this cell at <paramref name="version"/> or older.</summary>
    Task RemoveAsync(string cell, Guid workerId, long version, CancellationToken cancellationToken = default);

    /// <summary>The workers in the cell.</summary>
    Task<IReadOnlyList<WorkerIndexEntry>> ReadCellAsync(string cell, CancellationToken cancellationToken = default);
}
