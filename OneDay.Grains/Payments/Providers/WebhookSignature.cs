using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>
/// The sandbox's webhook signature: <c>OneDay-Sandbox-Signature: t={unix seconds},v1={hex}</c>, where v1 is
/// HMAC-SHA256 under the shared secret over "{t}.{raw body}". The timestamp is signed with the body, so an old
/// delivery cannot be replayed under a new time; several v1 values may be given (a secret being rotated).
/// </summary>
public sealed class WebhookSignature(byte[] secret, TimeSpan tolerance)
{
    public const string HeaderName = "OneDay-Sandbox-Signature";
    private const string Version = "v1";

    public TimeSpan Tolerance { get; } = tolerance;

    public string Sign(ReadOnlySpan<byte> body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},{Version}={Convert.ToHexStringLower(Mac(timestamp, body))}";
    }

    /// <summary>
    /// <see cref="WebhookRefusal.None"/> when one of the header's signatures matches and its timestamp is
    /// within <see cref="Tolerance"/> of <paramref name="now"/>, either way (a clock ahead is as suspect as one behind).
    /// </summary>
    public WebhookRefusal Check(string? header, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (!TryParse(header, out var timestamp, out var signatures))
        {
            return WebhookRefusal.BadSignature;
        }

        // Checked before the age, so that whoever cannot sign learns nothing from the answer about the clock.
        var expected = Mac(timestamp, body);
        var matches = false;
        foreach (var signature in signatures)
        {
            matches |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        if (!matches)
        {
            return WebhookRefusal.BadSignature;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return age.Duration() > Tolerance ? WebhookRefusal.Stale : WebhookRefusal.None;
    }

    private byte[] Mac(long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(secret, signed);
    }

    private static bool TryParse(string? header, out long timestamp, out List<byte[]> signatures)
    {
        timestamp = 0;
        signatures = [];
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var timestamps = 0;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var (name, value) = (part[..equals], part[(equals + 1)..]);
            if (name == "t")
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
                    || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
                {
                    return false;
                }

                timestamps++;
            }
            else if (name == Version)
            {
                if (value.Length != 2 * HMACSHA256.HashSizeInBytes || !IsHex(value))
                {
                    return false;
                }

                signatures.Add(Convert.FromHexString(value));
            }

            // Other schemes are skipped, as a receiver of a newer provider version would.
        }

        return timestamps == 1 && signatures.Count > 0;
    }

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}
