namespace OneDay.Grains.Security;

/// <summary>Account rules that come from configuration (the silo registers one instance).</summary>
/// <param name="BootstrapAdminEmail">
/// Normalized; the first registration of it makes the cluster's first admin, once (<see cref="BootstrapAdminGrain"/>).
/// </param>
/// <param name="PasswordHashIterations">PBKDF2-HMAC-SHA512 rounds; OWASP (2023) asks at least 210,000.</param>
public sealed record AccountPolicy(string? BootstrapAdminEmail, int PasswordHashIterations)
{
    public const int DefaultIterations = 210_000;

    public static AccountPolicy Default { get; } = new(null, DefaultIterations);

    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(14);
}
