using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Security;

namespace OneDay.Grains.Users;

/// <summary>
/// The email index's grain keys: HMAC-SHA256 of the normalized address under a silo-only key. Neither grain
/// ids nor storage rows hold an address then, and without the silo secret nobody can test an address against them.
/// </summary>
public sealed class EmailIndexKeys
{
    public const string Purpose = "email-index";

    private readonly byte[] _key;

    public EmailIndexKeys(SiloKeys keys, AccountPolicy policy)
    {
        _key = keys.For(Purpose);
        BootstrapAdmin = policy.BootstrapAdminEmail is { } admin ? For(admin) : null;
    }

    /// <summary>The key of <see cref="AccountPolicy.BootstrapAdminEmail"/>, if one is configured.</summary>
    public string? BootstrapAdmin { get; }

    public string For(string normalizedEmail) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalizedEmail)));
}
