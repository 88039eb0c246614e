using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Workers;

/// <summary>The embedded default's worker index store: lost with the process, like the rest of its in-memory state.</summary>
public sealed class MemoryWorkerIndexStore : IWorkerIndexStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, (string Cell, long Version, WorkerIndexEntry? Entry)> _rows = [];
    private readonly Dictionary<string, Dictionary<Guid, WorkerIndexEntry>> _cells = new(StringComparer.Ordinal);

    public Task<bool> UpsertAsync(string cell, WorkerIndexEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(entry.WorkerId, out var row))
            {
                if (row.Version >= entry.Version)
                {
                    return Task.FromResult(false);
                }

                Cell(row.Cell).Remove(entry.WorkerId);
            }

            _rows[entry.WorkerId] = (cell, entry.Version, entry);
            Cell(cell)[entry.WorkerId] = entry;
            return Task.FromResult(true);
        }
    }

    public Task RemoveAsync(string cell, Guid workerId, long version, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(workerId, out var row) && row.Cell == cell && row.Version <= version)
            {
                _rows[workerId] = (cell, version, null);
                Cell(cell).Remove(workerId);
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<WorkerIndexEntry>> ReadCellAsync(string cell, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<WorkerIndexEntry>>([.. Cell(cell).Values]);
        }
    }

    private Dictionary<Guid, WorkerIndexEntry> Cell(string cell)
    {
        if (!_cells.TryGetValue(cell, out var workers))
        {
            _cells[cell] = workers = [];
        }

        return workers;
    }
}
