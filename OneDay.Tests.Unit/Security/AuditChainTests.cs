using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Security;

namespace OneDay.Tests.Unit.Security;

/// <summary>The sealing and verification rules on their own; AuditLogPostgresTests runs them against real rows.</summary>
public sealed class AuditChainTests
{
    private static readonly AuditChain Chain = new(new SiloKeys([.. Enumerable.Range(0, 40).Select(i => (byte)i)]));
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_keyed_chain_with_its_head_verifies_ok()
    {
        var (entries, head) = Keyed(5);

        var result = await Verify(entries, head);

        Assert.Equal((true, AuditVerdicts.Ok, 5L, 5L, 1L), (result.Intact, result.Status, result.EntriesChecked, result.PinnedSequence, result.KeyedFromSequence));
    }

    [Fact]
    public async Task An_entry_rewritten_and_the_whole_chain_rehashed_with_plain_sha256_is_caught()
    {
        var (entries, head) = Keyed(5);
        entries[2] = entries[2] with { Details = "nothing happened" };

        var downgraded = await Verify(UnkeyedSeal.Seal(entries, AuditChain.Genesis), head);
        var stillMarkedKeyed = await Verify([.. UnkeyedSeal.Seal(entries, AuditChain.Genesis).Select(e => e with { SealVersion = AuditChain.KeyedSeal })], head);

        Assert.Equal((AuditVerdicts.Broken, AuditBreaks.HashMismatch, 1L), (downgraded.Status, downgraded.Reason, downgraded.FirstBrokenSequence));
        Assert.Equal((AuditVerdicts.Broken, AuditBreaks.HashMismatch, 1L), (stillMarkedKeyed.Status, stillMarkedKeyed.Reason, stillMarkedKeyed.FirstBrokenSequence));
    }

    [Fact]
    public async Task An_unkeyed_entry_after_a_keyed_one_is_caught_even_without_a_head()
    {
        var (entries, _) = Keyed(4);
        List<AuditEntry> forged = [.. entries.Take(2), .. UnkeyedSeal.Seal(entries.Skip(2), entries[1].Hash)];

        var result = await Verify(forged, head: null);

        Assert.Equal((AuditBreaks.HashMismatch, 3L), (result.Reason, result.FirstBrokenSequence));
    }

    [Fact]
    public async Task Entries_cut_off_the_end_are_reported_as_truncated()
    {
        var (entries, head) = Keyed(6);

        var result = await Verify(entries.Take(4), head);

        Assert.False(result.Intact);
        Assert.Equal((AuditVerdicts.Truncated, 5L, 4L, 6L), (result.Status, result.FirstBrokenSequence, result.LastVerifiedSequence, result.PinnedSequence));
    }

    [Fact]
    public async Task A_head_forged_or_removed_by_the_tables_writer_is_reported()
    {
        var (entries, head) = Keyed(6);
        var cut = entries.Take(4).ToList();

        var forged = await Verify(cut, head with { Sequence = 4, Hash = cut[^1].Hash });
        var removed = await Verify(cut, head: null);

        Assert.Equal((AuditVerdicts.Broken, AuditBreaks.HeadMismatch), (forged.Status, forged.Reason));
        Assert.Equal((AuditVerdicts.Broken, AuditBreaks.HeadMissing), (removed.Status, removed.Reason));
    }

    [Fact]
    public async Task Entries_sealed_before_keys_still_verify_and_are_anchored_by_the_first_keyed_one()
    {
        var legacy = UnkeyedSeal.Seal(Enumerable.Range(1, 3).Select(Record), AuditChain.Genesis);
        var (keyed, head) = Keyed(2, after: legacy);
        List<AuditEntry> chain = [.. legacy, .. keyed];

        var intact = await Verify(chain, head);
        // Re-hashing an altered old entry and the old ones after it still leaves the first keyed entry pointing at the original.
        List<AuditEntry> altered = [.. UnkeyedSeal.Seal(legacy.Select((e, i) => i == 1 ? e with { Details = "edited" } : e), AuditChain.Genesis), .. keyed];
        var rehashed = await Verify(altered, head);

        Assert.Equal((true, 5L, 4L), (intact.Intact, intact.EntriesChecked, intact.KeyedFromSequence));
        Assert.Equal((AuditBreaks.LinkMismatch, 4L), (rehashed.Reason, rehashed.FirstBrokenSequence));
        Assert.True((await Verify(legacy, head: null)).Intact, "A log sealed entirely before keys has no head and verifies by the old rule.");
    }

    [Fact]
    public async Task A_deleted_entry_inside_the_chain_is_a_missing_entry()
    {
        var (entries, head) = Keyed(5);

        var result = await Verify(entries.Where(e => e.Sequence != 3), head);

        Assert.Equal((AuditVerdicts.Broken, AuditBreaks.MissingEntry, 3L), (result.Status, result.Reason, result.FirstBrokenSequence));
    }

    private static AuditEntry Record(int sequence) =>
        new(sequence, "test.action", null, Guid.NewGuid(), "127.0.0.1", $"entry {sequence}", At.AddMinutes(sequence), string.Empty, string.Empty);

    private static (List<AuditEntry> Entries, AuditHead Head) Keyed(int count, List<AuditEntry>? after = null)
    {
        var first = (after?.Count ?? 0) + 1;
        var previous = after is { Count: > 0 } ? after[^1].Hash : AuditChain.Genesis;
        var entries = new List<AuditEntry>();
        for (var sequence = first; sequence < first + count; sequence++)
        {
            var e = Record(sequence);
            var entry = Chain.Seal(sequence, new AuditRecord(e.Action, e.ActorId, e.SubjectId, e.IpAddress, e.Details, e.OccurredAt), previous);
            entries.Add(entry);
            previous = entry.Hash;
        }

        return (entries, Chain.Pin(entries[^1].Sequence, entries[^1].Hash, first));
    }

    private static Task<AuditVerification> Verify(IEnumerable<AuditEntry> entries, AuditHead? head) =>
        AuditChainVerifier.VerifyAsync(Chain, head, entries.ToAsyncEnumerable());
}
