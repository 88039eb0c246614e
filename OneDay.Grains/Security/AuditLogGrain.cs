using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Placement;
using OneDay.Grains.Batching;
using Orleans.Concurrency;

namespace OneDay.Grains.Security;

/// <summary>
/// The single writer of the audit chain. Appends that arrive while a write is in flight are sealed and
/// stored together in the next write (group commit), so the chain costs one database round trip per
/// batch rather than per entry. Callers are answered only after their entry is stored. Should a second
/// activation ever exist, the store's unique sequence numbers stop it from forking the chain.
/// A record with an id (sent from an audit outbox, which may send it again) is stored once: a copy of a
/// stored id is answered with the stored entry's sequence.
/// Entries are sealed with a key only silos hold, and each write pins the chain's new end (the head) beside it.
/// </summary>
[Reentrant]
[DomainPlacement(Domains.Security)]
public sealed partial class AuditLogGrain(IAuditStore store, SiloKeys keys, ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain
{
    public const int MaxPageSize = 500;
    public const int MaxBatch = 500;

    private TurnGroupCommit<Submission, long>? _appends;
    private readonly AuditChain _chain = new(keys);
    private long _lastSequence;
    private string _lastHash = AuditChain.Genesis;

    /// <summary>Where keyed sealing began; null until the first keyed entry of a log that had no head.</summary>
    private long? _keyedFrom;

    /// <summary>False when the stored head cannot be trusted: it is left as it is, for verification to report.</summary>
    private bool _pinning = true;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var last = await store.LastAsync(cancellationToken);
        var head = await store.HeadAsync(cancellationToken);
        if (last is not null)
        {
            _lastSequence = last.Sequence;
            _lastHash = last.Hash;
        }

        if (head is null)
        {
            // No head yet: a new log, or one sealed before keys (it gets one with its first keyed entry). A keyed
            // entry without a head means someone removed the head; pinning a new one would hide what they cut.
            _pinning = last is null || last.SealVersion == AuditChain.UnkeyedSeal;
            if (!_pinning)
            {
                LogTampered(logger, "missing although the chain holds keyed entries", _lastSequence);
            }
        }
        else if (_chain.IsAuthentic(head))
        {
            _keyedFrom = head.KeyedFrom;
            if (head.Sequence > _lastSequence)
            {
                // The chain's end was cut: continue after the head, so the cut stays a gap that verification shows.
                LogTampered(logger, $"ahead of the chain (pinned {head.Sequence})", _lastSequence);
                _lastSequence = head.Sequence;
                _lastHash = head.Hash;
            }
        }
        else
        {
            _pinning = false;
            LogTampered(logger, "failing its MAC", _lastSequence);
        }
    }

    private TurnGroupCommit<Submission, long> Appends => _appends ??= new(WriteAsync, MaxBatch, failWaitingAfterError: true);

    public Task<long> Append(AuditRecord record) => Appends.AddAsync(new Submission(record, MayBeStored: record.RecordId is not null));

    public Task<long> AppendUnsent(AuditRecord record) => Appends.AddAsync(new Submission(record, MayBeStored: false));

    public async Task<IReadOnlyList<long>> AppendMany(IReadOnlyList<AuditSubmission> submissions) =>
        await Appends.AddAllAsync(submissions.Select(s => new Submission(s.Record, MayBeStored: !s.Unsent && s.Record.RecordId is not null)).ToList());

    // Runs on the grain's scheduler (reentrant turns never overlap), so the fields need no locks.
    private async Task<IReadOnlyList<long>> WriteAsync(IReadOnlyList<Submission> batch)
    {
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

                var entry = _chain.Seal(_lastSequence + entries.Count + 1, record, previous);
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
                var head = _pinning ? _chain.Pin(entries[^1].Sequence, entries[^1].Hash, _keyedFrom ?? entries[0].Sequence) : null;
                await store.AppendAsync(entries, head, CancellationToken.None);
                _keyedFrom ??= entries[0].Sequence;
            }
        }
        catch
        {
            // Nothing of the batch was stored. Start again from what the store holds (another writer may have
            // appended): these callers and those queued behind them fail rather than acknowledge an unrecorded action.
            DeactivateOnIdle();
            throw;
        }

        if (entries.Count > 0)
        {
            _lastSequence = entries[^1].Sequence;
            _lastHash = entries[^1].Hash;
        }

        return sequences;
    }

    /// <summary>
    /// Which of the batch's record ids the store already holds: one indexed lookup, and none when every record
    /// is a first send (the common case, which this keeps at one round trip per batch).
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, long>> StoredCopiesAsync(IReadOnlyList<Submission> batch)
    {
        var ids = batch.Where(b => b.MayBeStored).Select(b => b.Record.RecordId!.Value).ToList();
        return ids.Count == 0 ? new Dictionary<Guid, long>() : await store.FindRecordsAsync(ids, CancellationToken.None);
    }

    private readonly record struct Submission(AuditRecord Record, bool MayBeStored);

    public async Task<AuditPage> Query(AuditQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        var entries = await store.QueryAsync(query with { Limit = limit }, CancellationToken.None);
        return new AuditPage(entries, entries.Count == limit ? entries[^1].Sequence : null);
    }

    public async Task<AuditVerification> Verify()
    {
        var head = await store.HeadAsync(CancellationToken.None);
        return await AuditChainVerifier.VerifyAsync(_chain, head, store.ReadAllAsync(CancellationToken.None));
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The audit chain was tampered with: its pinned head is {Finding}, and the chain ends at {LastSequence}")]
    private static partial void LogTampered(ILogger logger, string finding, long lastSequence);
}
