using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// Walks the chain from its first entry and compares its end with the pinned head. Entries sealed before keyed
/// sealing began are checked with their own rule (plain SHA-256); from the head's keyed-from sequence on, and
/// after any keyed entry, only a keyed seal counts, so re-hashing the table with plain SHA-256 is caught.
/// </summary>
public static class AuditChainVerifier
{
    /// <param name="head">Read before <paramref name="entries"/>, so entries appended meanwhile only lengthen the chain.</param>
    public static async Task<AuditVerification> VerifyAsync(AuditChain chain, AuditHead? head, IAsyncEnumerable<AuditEntry> entries)
    {
        var pinned = head is not null && chain.IsAuthentic(head) ? head : null;
        var expectedPrevious = AuditChain.Genesis;
        long expectedSequence = 1, checkedCount = 0;
        long? last = null, firstKeyed = null;
        await foreach (var entry in entries)
        {
            var mustBeKeyed = firstKeyed is not null || (pinned is not null && entry.Sequence >= pinned.KeyedFrom);
            var (reason, problem) =
                entry.Sequence != expectedSequence ? (AuditBreaks.MissingEntry, $"expected entry {expectedSequence}, found {entry.Sequence} (an entry is missing)")
                : entry.PreviousHash != expectedPrevious ? (AuditBreaks.LinkMismatch, "does not link to the entry before it")
                : mustBeKeyed && entry.SealVersion != AuditChain.KeyedSeal ? (AuditBreaks.HashMismatch, "sealed without the silos' key after keyed sealing began")
                : chain.Compute(entry) != entry.Hash ? (AuditBreaks.HashMismatch, "its content does not match its hash (altered)")
                : pinned is not null && entry.Sequence == pinned.Sequence && entry.Hash != pinned.Hash ? (AuditBreaks.HashMismatch, "differs from the pinned head")
                : (null, null);
            if (reason is not null)
            {
                // For a gap the first broken link is the missing entry, not the one after it.
                return Broken(reason, problem!, Math.Min(entry.Sequence, expectedSequence), checkedCount, last, head, pinned);
            }

            if (entry.SealVersion == AuditChain.KeyedSeal)
            {
                firstKeyed ??= entry.Sequence;
            }

            checkedCount++;
            expectedSequence++;
            expectedPrevious = entry.Hash;
            last = entry.Sequence;
        }

        if (head is not null && pinned is null)
        {
            return Broken(AuditBreaks.HeadMismatch, "the pinned head fails its MAC (written without the silos' key)", null, checkedCount, last, head, pinned);
        }

        if (head is null && firstKeyed is not null)
        {
            return Broken(AuditBreaks.HeadMissing, "keyed entries exist but the pinned head is gone, so a cut end cannot be ruled out", null, checkedCount, last, head, pinned);
        }

        if (pinned is not null && (last ?? 0) < pinned.Sequence)
        {
            return new AuditVerification(
                false, checkedCount, (last ?? 0) + 1, $"the chain ends at {last ?? 0}, before the head pinned at {pinned.Sequence} (entries were cut off its end)",
                AuditVerdicts.Truncated, null, last, pinned.Sequence, pinned.KeyedFrom);
        }

        return new AuditVerification(true, checkedCount, null, null, AuditVerdicts.Ok, null, last, pinned?.Sequence, pinned?.KeyedFrom ?? firstKeyed);
    }

    private static AuditVerification Broken(
        string reason, string problem, long? at, long checkedCount, long? lastVerified, AuditHead? head, AuditHead? pinned) =>
        new(false, checkedCount, at, problem, AuditVerdicts.Broken, reason, lastVerified, head?.Sequence, pinned?.KeyedFrom);
}
