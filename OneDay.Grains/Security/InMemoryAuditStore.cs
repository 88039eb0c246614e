using System.Runtime.CompilerServices;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>The embedded mode's audit store: one process, so one list.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly List<AuditEntry> _entries = [];
    private readonly Dictionary<Guid, long> _byRecord = [];
    private readonly Lock _lock = new();
    private AuditHead? _head;

    public Task<AuditEntry?> LastAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.Count == 0 ? null : _entries[^1]);
        }
    }

    public Task<AuditHead?> HeadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_head);
        }
    }

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditHead? head, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var expected = _entries.Count == 0 ? 1 : _entries[^1].Sequence + 1;
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Sequence != expected + i)
                {
                    throw new InvalidOperationException($"Audit sequence {entries[i].Sequence} is not the next one ({expected + i}).");
                }
            }

            if (entries.FirstOrDefault(e => e.RecordId is { } id && _byRecord.ContainsKey(id)) is { } duplicate)
            {
                throw new InvalidOperationException($"Audit record {duplicate.RecordId} is already stored.");
            }

            _entries.AddRange(entries);
            foreach (var entry in entries.Where(e => e.RecordId is not null))
            {
                _byRecord[entry.RecordId!.Value] = entry.Sequence;
            }

            if (head is not null && (_head is null || _head.Sequence < head.Sequence))
            {
                _head = head;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<Guid, long>> FindRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<Guid, long> found = recordIds
                .Distinct()
                .Where(_byRecord.ContainsKey)
                .ToDictionary(id => id, id => _byRecord[id]);
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<AuditEntry> page = _entries
                .Where(e => e.Sequence > (query.AfterSequence ?? 0))
                .Where(e => query.UserId is not { } user || e.ActorId == user || e.SubjectId == user)
                .Where(e => query.From is not { } from || e.OccurredAt >= from)
                .Where(e => query.To is not { } to || e.OccurredAt < to)
                .Take(query.Limit)
                .ToArray();
            return Task.FromResult(page);
        }
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AuditEntry[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _entries];
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask;
    }
}
