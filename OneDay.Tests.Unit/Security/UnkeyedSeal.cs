using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Tests.Unit.Security;

/// <summary>
/// How the audit log sealed entries before keyed sealing, and what anyone with write access to the audit
/// table can still compute without the silos' key: plain SHA-256. Written out here on its own, so a change to
/// that rule in the product would show as old entries failing to verify. OneDay.Tests compiles this file too.
/// </summary>
internal static class UnkeyedSeal
{
    /// <summary>Entries as the pre-keyed log sealed them: linked from <paramref name="previous"/>, plain SHA-256.</summary>
    public static List<AuditEntry> Seal(IEnumerable<AuditEntry> entries, string previous)
    {
        var sealedEntries = new List<AuditEntry>();
        foreach (var entry in entries)
        {
            var relinked = entry with { PreviousHash = previous, SealVersion = 0, Hash = string.Empty };
            relinked = relinked with { Hash = Hash(relinked) };
            sealedEntries.Add(relinked);
            previous = relinked.Hash;
        }

        return sealedEntries;
    }

    private static string Hash(AuditEntry e)
    {
        var text = new StringBuilder();
        List<string> fields =
        [
            e.Sequence.ToString(CultureInfo.InvariantCulture), e.Action, e.ActorId?.ToString("N") ?? "-",
            e.SubjectId?.ToString("N") ?? "-", e.IpAddress ?? "-", e.Details,
            e.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture), e.PreviousHash,
        ];
        if (e.RecordId is { } id)
        {
            fields.Add(id.ToString("N"));
        }

        foreach (var field in fields)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
