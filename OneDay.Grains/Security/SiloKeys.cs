using System.Security.Cryptography;
using System.Text;

namespace OneDay.Grains.Security;

/// <summary>
/// Keys only silos hold, each derived from one shared secret for one purpose (HKDF-SHA256), so a key
/// used for one thing (say, hashing index keys) never doubles as another (say, MACs over the audit chain).
/// </summary>
public sealed class SiloKeys
{
    public const int MinimumSecretBytes = 32;
    private const int KeyBytes = 32;

    private readonly byte[] _secret;

    public SiloKeys(byte[] secret)
    {
        if (secret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException($"The silo secret must hold at least {MinimumSecretBytes} bytes.", nameof(secret));
        }

        _secret = [.. secret];
    }

    /// <summary>A key for processes that share nothing: it dies with the process (embedded mode, tests).</summary>
    public static SiloKeys Ephemeral() => new(RandomNumberGenerator.GetBytes(64));

    /// <summary>The key for one purpose; the same secret and purpose always give the same key.</summary>
    public byte[] For(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, KeyBytes, salt: [], info: Encoding.UTF8.GetBytes("oneday/" + purpose));
}
