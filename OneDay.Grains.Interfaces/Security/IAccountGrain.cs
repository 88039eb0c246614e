using OneDay.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace OneDay.Grains.Interfaces.Security;

/// <summary>A user's credentials, roles, lockout and sign-in sessions (refresh token families), keyed by user id.</summary>
[Alias("oneday.security.account")]
public interface IAccountGrain : IGrainWithGuidKey
{
    [Alias("create")]
    Task Create(string password, IReadOnlyList<UserRole> roles);

    [Alias("login")]
    Task<LoginResult> Login(string password, CallerInfo caller);

    [Alias("refresh")]
    Task<LoginResult> Refresh(RefreshToken token, CallerInfo caller);

    [ReadOnly]
    [Alias("roles")]
    Task<IReadOnlyList<UserRole>> Roles();

    [Alias("set-roles")]
    Task SetRoles(IReadOnlyList<UserRole> roles);

    [ReadOnly]
    [Alias("sessions")]
    Task<IReadOnlyList<SessionView>> Sessions();

    /// <returns>False when this account has no such live session.</returns>
    [Alias("revoke-session")]
    Task<bool> RevokeSession(Guid sessionId, CallerInfo caller);

    /// <summary>No more sign-ins; every session revoked, the addresses it signed in from forgotten.</summary>
    [Alias("disable")]
    Task Disable();
}

[GenerateSerializer, Alias("oneday.security.login-outcome")]
public enum LoginOutcome
{
    Succeeded = 0,
    InvalidCredentials = 1,
    LockedOut = 2,
    /// <summary>A refresh token presented a second time: the whole session was revoked.</summary>
    TokenReused = 3,
    /// <summary>The email or password is not one any account could have (see the errors); nothing was checked.</summary>
    InvalidInput = 4,
}

[GenerateSerializer, Immutable, Alias("oneday.security.login-result")]
public sealed record LoginResult(
    [property: Id(0)] LoginOutcome Outcome,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] Guid SessionId,
    [property: Id(3)] string? RefreshToken,
    [property: Id(4)] IReadOnlyList<UserRole> Roles,
    [property: Id(5)] DateTimeOffset? LockedUntil)
{
    /// <summary>How long a locked-out caller must wait, measured by the silo's clock (the gateway's may differ).</summary>
    [Id(6)] public TimeSpan? RetryAfter { get; init; }

    /// <summary>What is wrong with the input, for <see cref="LoginOutcome.InvalidInput"/>.</summary>
    [Id(7)] public FieldError[] Errors { get; init; } = [];

    public static LoginResult Invalid { get; } = new(LoginOutcome.InvalidCredentials, Guid.Empty, Guid.Empty, null, [], null);

    public static LoginResult InvalidInput(FieldError[] errors) =>
        new(LoginOutcome.InvalidInput, Guid.Empty, Guid.Empty, null, [], null) { Errors = errors };

    public static LoginResult Locked(DateTimeOffset until, DateTimeOffset now) =>
        new(LoginOutcome.LockedOut, Guid.Empty, Guid.Empty, null, [], until) { RetryAfter = until - now };
}

[GenerateSerializer, Immutable, Alias("oneday.security.session-view")]
public sealed record SessionView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset LastUsedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string? IpAddress,
    [property: Id(5)] string? UserAgent);
