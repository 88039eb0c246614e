using System.ComponentModel.DataAnnotations;

namespace OneDay.Api.Security;

/// <summary>
/// The gateway's keys of the "OneDay:Security" section: token signing and lifetimes, rate limits. The section's
/// account keys (first admin, password hashing, the silo key) belong to the silos (OneDay.Silo's
/// AccountSecurityOptions); no key is in both, and each process binds only its own.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "OneDay:Security";

    /// <summary>
    /// HMAC-SHA256 key, base64, at least 32 bytes. Every gateway of a cluster must share it. When unset,
    /// the embedded default makes an ephemeral one (tokens die with the process); cluster mode refuses to start.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding the signing key (base64) instead of <see cref="SigningKey"/>: a generated or mounted secret.</summary>
    public string? SigningKeyFile { get; set; }

    [Required]
    public string Issuer { get; set; } = "oneday";

    [Required]
    public string Audience { get; set; } = "oneday-api";

    /// <summary>Short, because an access token cannot be recalled before it expires; refresh rotates.</summary>
    [Range(1, 60)]
    public int AccessTokenMinutes { get; set; } = 10;

    /// <summary>
    /// Access tokens this gateway remembers as already validated (a few KB each). Past it, the cache drops
    /// expired tokens, then starts over; a miss only costs one full validation.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    public RateLimitOptions RateLimits { get; set; } = new();
}

public sealed class RateLimitOptions
{
    /// <summary>Every client (the signed-in user, else the IP): a token bucket refilled each second.</summary>
    [Range(1, 1_000_000)]
    public int GlobalPerSecond { get; set; } = 200;

    [Range(1, 1_000_000)]
    public int GlobalBurst { get; set; } = 400;

    /// <summary>Sign-in, refresh and registration per IP address, per minute.</summary>
    [Range(1, 1_000_000)]
    public int AuthPerIpPerMinute { get; set; } = 60;

    /// <summary>Sign-in attempts per account (normalized email) from one address, per minute, on top of the lockout.</summary>
    [Range(1, 1_000_000)]
    public int AuthPerAccountPerMinute { get; set; } = 10;

    /// <summary>Chat messages one user may send per minute, over REST and the hub together, per gateway.</summary>
    [Range(1, 1_000_000)]
    public int ChatMessagesPerUserPerMinute { get; set; } = 60;
}
