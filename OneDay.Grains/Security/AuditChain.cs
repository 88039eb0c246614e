using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// The end of the chain as last written, kept apart from the entries and MAC'd under its own key: whoever can
/// rewrite the entries cannot move it, so an end cut off the chain shows against it.
/// </summary>
/// <param name="KeyedFrom">The first entry sealed with the key; every later one must be too.</param>
public sealed record AuditHead(long Sequence, string Hash, long KeyedFrom, string Mac);

/// <summary>How audit entries are sealed and linked, and how the pinned head is MAC'd.</summary>
public sealed class AuditChain(SiloKeys keys)
{
    /// <summary>Plain SHA-256: every entry sealed before keyed sealing began (migration 0012).</summary>
    public const int UnkeyedSeal = 0;

    /// <summary>HMAC-SHA256 under a key only silos hold.</summary>
    public const int KeyedSeal = 1;

    /// <summary>What the first entry points back to.</summary>
    public static readonly string Genesis = new('0', 64);

    private readonly byte[] _entryKey = keys.For("audit-chain");
    private readonly byte[] _headKey = keys.For("audit-head");

    public AuditEntry Seal(long sequence, AuditRecord record, string previousHash)
    {
        // PostgreSQL keeps microseconds; hashing finer ticks would break every entry on the round trip.
        var at = new DateTimeOffset(record.OccurredAt.UtcTicks - (record.OccurredAt.UtcTicks % 10), TimeSpan.Zero);
        var entry = new AuditEntry(
            sequence, record.Action, record.ActorId, record.SubjectId, record.IpAddress, record.Details, at, previousHash, string.Empty,
            record.RecordId, KeyedSeal);
        return entry with { Hash = Compute(entry)! };
    }

    /// <summary>The hash <paramref name="e"/> should carry under the rule it says it was sealed with; null for an unknown rule.</summary>
    public string? Compute(AuditEntry e) => e.SealVersion switch
    {
        UnkeyedSeal => Convert.ToHexStringLower(SHA256.HashData(Canonical(e))),
        KeyedSeal => Convert.ToHexStringLower(HMACSHA256.HashData(_entryKey, Canonical(e))),
        _ => null,
    };

    public AuditHead Pin(long sequence, string hash, long keyedFrom) => new(sequence, hash, keyedFrom, HeadMac(sequence, hash, keyedFrom));

    public bool IsAuthentic(AuditHead head) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(head.Mac), Encoding.ASCII.GetBytes(HeadMac(head.Sequence, head.Hash, head.KeyedFrom)));

    private string HeadMac(long sequence, string hash, long keyedFrom) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_headKey, Encoding.UTF8.GetBytes(Fields(
            [sequence.ToString(CultureInfo.InvariantCulture), hash, keyedFrom.ToString(CultureInfo.InvariantCulture)]))));

    private static byte[] Canonical(AuditEntry e)
    {
        // The record id came later: entries without one hash exactly as they always did.
        string[] fields =
        [
            e.Sequence.ToString(CultureInfo.InvariantCulture), e.Action, e.ActorId?.ToString("N") ?? "-",
            e.SubjectId?.ToString("N") ?? "-", e.IpAddress ?? "-", e.Details,
            e.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture), e.PreviousHash,
        ];
        if (e.RecordId is { } recordId)
        {
            fields = [.. fields, recordId.ToString("N")];
        }

        return Encoding.UTF8.GetBytes(Fields(fields));
    }

    /// <summary>One field per line, each length-prefixed, so no two different field lists give the same text.</summary>
    private static string Fields(string[] fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return text.ToString();
    }
}
