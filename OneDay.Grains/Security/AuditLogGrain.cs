using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// The single writer of the audit chain. Appends are serialised by the grain and, should a second
/// activation ever exist, by the store's unique sequence, so the chain cannot fork.
/// </summary>
[DomainPlacement(Domains.Security)]
public sealed class AuditLogGrain(IAuditStore store) : Grain, IAuditLogGrain
{
    public const int MaxPageSize = 500;

    private long _lastSequence;
    private string _lastHash = AuditChain.Genesis;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.LastAsync(cancellationToken) is { } last)
        {
            _lastSequence = last.Sequence;
            _lastHash = last.Hash;
        }
    }

    public async Task<long> Append(AuditRecord record)
    {
        var entry = AuditChain.Seal(_lastSequence + 1, record, _lastHash);
        try
        {
            await store.AppendAsync(entry, CancellationToken.None);
        }
        catch
        {
            // Someone else may have appended (a duplicate activation): start again from what is stored.
            DeactivateOnIdle();
            throw;
        }

        _lastSequence = entry.Sequence;
        _lastHash = entry.Hash;
        return entry.Sequence;
    }

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
