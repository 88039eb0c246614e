using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Security;

[GenerateSerializer, Alias("oneday.security.account-state")]
public sealed class AccountState
{
    [Id(0)] public string? PasswordHash { get; set; }

    [Id(1)] public List<UserRole> Roles { get; set; } = [];

    [Id(2)] public bool Disabled { get; set; }

    [Id(3)] public LoginThrottle Throttle { get; set; } = new();

    [Id(4)] public Dictionary<Guid, SessionState> Sessions { get; set; } = [];
}

/// <summary>
/// One sign-in: a refresh token family. Secrets are kept as hashes: the current generation's, and the last
/// spent ones, so a spent token that comes back is told apart from a made-up one.
/// </summary>
[GenerateSerializer, Alias("oneday.security.session-state")]
public sealed class SessionState
{
    [Id(0)] public DateTimeOffset CreatedAt { get; set; }

    [Id(1)] public DateTimeOffset LastUsedAt { get; set; }

    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }

    [Id(3)] public int Generation { get; set; }

    [Id(4)] public string SecretHash { get; set; } = string.Empty;

    [Id(5)] public string? IpAddress { get; set; }

    [Id(6)] public string? UserAgent { get; set; }

    /// <summary>The secret hashes of the latest spent generations, newest last (at most <see cref="SpentSecretsKept"/>).</summary>
    [Id(7)] public List<string> SpentSecretHashes { get; set; } = [];

    public const int SpentSecretsKept = 10;

    /// <summary>Moves to the next generation; the current secret joins the spent ones.</summary>
    public void Rotate(int generation, string secretHash)
    {
        SpentSecretHashes.Add(SecretHash);
        if (SpentSecretHashes.Count > SpentSecretsKept)
        {
            SpentSecretHashes.RemoveRange(0, SpentSecretHashes.Count - SpentSecretsKept);
        }

        Generation = generation;
        SecretHash = secretHash;
    }
}
