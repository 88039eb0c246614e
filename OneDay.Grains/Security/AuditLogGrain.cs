using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Security;
using Orleans.Concurrency;

namespace OneDay.Grains.Security;

/// <summary>
/// The single writer of the audit chain. Appends that arrive while a write is in flight are sealed and
/// stored together in the next write (group commit), so the chain costs one database round trip per
/// batch rather than per entry. Callers are answered only after their entry is stored. Should a second
/// activation ever exist, the store's unique sequence numbers stop it from forking the chain.
/// A record with an id (sent from an audit outbox, which may send it again) is stored once: a copy of a
/// stored id is answered with the stored entry's sequence.
/// </summary>
[Reentrant]
[DomainPlacement(Domains.Security)]
public sealed class AuditLogGrain(IAuditStore store) : Grain, IAuditLogGrain
{
    public const int MaxPageSize = 500;
    public const int MaxBatch = 500;

    private readonly Queue<Waiting> _waiting = new();
    private long _lastSequence;
    private string _lastHash = AuditChain.Genesis;
    private bool _writing;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.LastAsync(cancellationToken) is { } last)
        {
            _lastSequence = last.Sequence;
            _lastHash = last.Hash;
        }
    }

    public Task<long> Append(AuditRecord record) => Enqueue(record, mayBeStored: record.RecordId is not null);

    public Task<long> AppendUnsent(AuditRecord record) => Enqueue(record, mayBeStored: false);

    public async Task<IReadOnlyList<long>> AppendMany(IReadOnlyList<AuditSubmission> submissions)
    {
        var appended = new Task<long>[submissions.Count];
        for (var i = 0; i < submissions.Count; i++)
        {
            var (record, unsent) = submissions[i];
            appended[i] = Wait(record, mayBeStored: !unsent && record.RecordId is not null);
        }

        // Started once all are queued, so the whole call goes into one write.
        StartWriting();
        return await Task.WhenAll(appended);
    }

    private Task<long> Enqueue(AuditRecord record, bool mayBeStored)
    {
        var appended = Wait(record, mayBeStored);
        StartWriting();
        return appended;
    }

    private Task<long> Wait(AuditRecord record, bool mayBeStored)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Enqueue(new Waiting(record, mayBeStored, done));
        return done.Task;
    }

    private void StartWriting()
    {
        if (!_writing)
        {
            _ = WriteWaitingAsync();
        }
    }

    // Runs on the grain's scheduler (reentrant turns never overlap), so the fields need no locks.
    private async Task WriteWaitingAsync()
    {
        _writing = true;
        try
        {
            while (_waiting.Count > 0)
            {
                var batch = new List<Waiting>();
                while (batch.Count < MaxBatch && _waiting.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                var entries = new List<AuditEntry>(batch.Count);
                var sequences = new long[batch.Count];
                try
                {
                    var stored = await StoredCopiesAsync(batch);
                    var sealedNow = new Dictionary<Guid, long>();
                    var previous = _lastHash;
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var record = batch[i].Record;
                        if (record.RecordId is { } id && (stored.TryGetValue(id, out var at) || sealedNow.TryGetValue(id, out at)))
                        {
                            sequences[i] = at;
                            continue;
                        }

                        var entry = AuditChain.Seal(_lastSequence + entries.Count + 1, record, previous);
                        entries.Add(entry);
                        sequences[i] = entry.Sequence;
                        previous = entry.Hash;
                        if (record.RecordId is { } fresh)
                        {
                            sealedNow[fresh] = entry.Sequence;
                        }
                    }

                    if (entries.Count > 0)
                    {
                        await store.AppendAsync(entries, CancellationToken.None);
                    }
                }
                catch (Exception ex)
                {
                    // Nothing of the batch was stored. Start again from what the store holds (another writer
                    // may have appended) and let these callers fail rather than acknowledge an unrecorded action.
                    foreach (var waiting in batch.Concat(_waiting))
                    {
                        waiting.Done.TrySetException(ex);
                    }

                    _waiting.Clear();
                    DeactivateOnIdle();
                    return;
                }

                if (entries.Count > 0)
                {
                    _lastSequence = entries[^1].Sequence;
                    _lastHash = entries[^1].Hash;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(sequences[i]);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    /// <summary>
    /// Which of the batch's record ids the store already holds: one indexed lookup, and none when every record
    /// is a first send (the common case, which this keeps at one round trip per batch).
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, long>> StoredCopiesAsync(List<Waiting> batch)
    {
        var ids = batch.Where(b => b.MayBeStored).Select(b => b.Record.RecordId!.Value).ToList();
        return ids.Count == 0 ? new Dictionary<Guid, long>() : await store.FindRecordsAsync(ids, CancellationToken.None);
    }

    private readonly record struct Waiting(AuditRecord Record, bool MayBeStored, TaskCompletionSource<long> Done);

    public async Task<AuditPage> Query(AuditQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        var entries = await store.QueryAsync(query with { Limit = limit }, CancellationToken.None);
        return new AuditPage(entries, entries.Count == limit ? entries[^1].Sequence : null);
    }

    public async Task<AuditVerification> Verify()
    {
        var expectedPrevious = AuditChain.Genesis;
        long expectedSequence = 1, checkedCount = 0;
        await foreach (var entry in store.ReadAllAsync(CancellationToken.None))
        {
            var problem =
                entry.Sequence != expectedSequence ? $"expected entry {expectedSequence}, found {entry.Sequence} (an entry is missing)"
                : entry.PreviousHash != expectedPrevious ? "does not link to the entry before it"
                : AuditChain.Compute(entry) != entry.Hash ? "its content does not match its hash (altered)"
                : null;
            if (problem is not null)
            {
                // For a gap the first broken link is the missing entry, not the one after it.
                return new AuditVerification(false, checkedCount, Math.Min(entry.Sequence, expectedSequence), problem);
            }

            checkedCount++;
            expectedSequence++;
            expectedPrevious = entry.Hash;
        }

        return new AuditVerification(true, checkedCount, null, null);
    }
}
