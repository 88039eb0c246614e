using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Security;

namespace OneDay.Grains.Users;

/// <summary>
/// The token of an email verification link: the user id, an expiry and a hash of the address it was sent to,
/// under an HMAC with a silo key. Stateless, so a link works on any silo and nothing is stored per link; the
/// address hash makes a link for an old address worthless.
/// </summary>
public sealed class EmailVerificationTokens(SiloKeys keys, TimeProvider time)
{
    public const string KeyPurpose = "email-verification";
    private const string Version = "v1";
    private const int HashBytes = 16;
    private const int PayloadBytes = 16 + 8 + HashBytes;

    private readonly byte[] _key = keys.For(KeyPurpose);

    public string Create(Guid userId, string email, DateTimeOffset expiresAt)
    {
        var payload = new byte[PayloadBytes];
        userId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16, 8), expiresAt.ToUnixTimeSeconds());
        AddressHashBytes(email).CopyTo(payload.AsSpan(24));
        var body = $"{Version}.{Base64Url.EncodeToString(payload)}";
        return $"{body}.{Base64Url.EncodeToString(Mac(body))}";
    }

    /// <summary>Null for a token OneDay did not sign (or that was altered); otherwise what it says, expired or not.</summary>
    public VerificationToken? Read(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not [Version, var payloadText, var macText] || !TryDecode(payloadText, out var payload) || payload.Length != PayloadBytes
            || !TryDecode(macText, out var mac))
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac($"{Version}.{payloadText}")))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16, 8)));
        return new VerificationToken(new Guid(payload.AsSpan(0, 16)), Convert.ToHexString(payload.AsSpan(24)), expiresAt <= time.GetUtcNow());
    }

    /// <summary>Whether <paramref name="addressHash"/> (from a token) is the hash of <paramref name="email"/>.</summary>
    public static bool SameAddress(string email, string addressHash) =>
        !string.IsNullOrEmpty(email)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexString(AddressHashBytes(email))), Encoding.ASCII.GetBytes(addressHash));

    private static byte[] AddressHashBytes(string email) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(email.ToUpperInvariant()))[..HashBytes];

    private byte[] Mac(string body) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(body));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}

/// <param name="AddressHash">The hash of the address the link was sent to, for <see cref="EmailVerificationTokens.SameAddress"/>.</param>
public sealed record VerificationToken(Guid UserId, string AddressHash, bool Expired);
