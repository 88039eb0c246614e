using System.ComponentModel.DataAnnotations;

namespace OneDay.Silo.Security;

/// <summary>
/// The silo's keys of the "OneDay:Security" section: accounts and the silos' own secret. The section's token
/// keys belong to the gateway (OneDay.Api's SecurityOptions); no key is in both, and each process binds only its own.
/// </summary>
public sealed class AccountSecurityOptions
{
    /// <summary>The first registration of this email makes the account an admin, once: how a fresh cluster gets its first admin.</summary>
    [EmailAddress]
    public string? BootstrapAdminEmail { get; set; }

    /// <summary>PBKDF2-HMAC-SHA512 rounds for password hashes (OWASP 2023: at least 210,000).</summary>
    [Range(10_000, 10_000_000)]
    public int PasswordHashIterations { get; set; } = 210_000;

    /// <summary>
    /// The silos' own secret (base64, at least 32 bytes), from which keyed hashes and MACs are derived (see
    /// SiloKeys). Every silo of a cluster must share it; gateways never hold it. Embedded mode makes one.
    /// </summary>
    public string? SiloKey { get; set; }

    /// <summary>A file holding the silo key (base64) instead of <see cref="SiloKey"/>: a generated or mounted secret.</summary>
    public string? SiloKeyFile { get; set; }
}
