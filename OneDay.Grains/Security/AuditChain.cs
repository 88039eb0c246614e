using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>The hash that links each audit entry to the one before it.</summary>
public static class AuditChain
{
    /// <summary>What the first entry points back to.</summary>
    public static readonly string Genesis = new('0', 64);

    public static AuditEntry Seal(long sequence, AuditRecord record, string previousHash)
    {
        // PostgreSQL keeps microseconds; hashing finer ticks would break every entry on the round trip.
        var at = new DateTimeOffset(record.OccurredAt.UtcTicks - (record.OccurredAt.UtcTicks % 10), TimeSpan.Zero);
        var entry = new AuditEntry(
            sequence, record.Action, record.ActorId, record.SubjectId, record.IpAddress, record.Details, at, previousHash, string.Empty,
            record.RecordId);
        return entry with { Hash = Compute(entry) };
    }

    public static string Compute(AuditEntry e)
    {
        // One field per line, each length-prefixed, so no two different entries produce the same text. The
        // record id came later: entries without one hash exactly as they always did.
        var text = new StringBuilder();
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

        foreach (var field in fields)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
