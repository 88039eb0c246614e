using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Security;

[DomainPlacement(Domains.Security), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class AccountGrain(
    [PersistentState("account", Domains.Security)] IPersistentState<AccountState> account,
    PasswordHashing passwords,
    AccountPolicy policy,
    SignInClock signInClock,
    TimeProvider time) : Grain, IAccountGrain
{
    private AccountState State => account.State;

    private Guid UserId => this.GetPrimaryKey();

    public async Task Create(string password, IReadOnlyList<UserRole> roles)
    {
        // Repeats (a retried registration) and erased accounts are left as they are.
        if (State.PasswordHash is not null || State.Disabled)
        {
            return;
        }

        State.PasswordHash = await passwords.HashAsync(password);
        State.Roles = [.. roles];
        await account.WriteStateAsync();
    }

    public async Task<LoginResult> Login(string password, CallerInfo caller)
    {
        var now = time.GetUtcNow();
        if (Gone() || State.PasswordHash is not { } hash)
        {
            await passwords.VerifyDecoyAsync(password);
            return LoginResult.Invalid;
        }

        var source = caller.IpAddress;
        var throttleNow = signInClock.UtcNow;
        if (State.Throttle.LockedFor(source, throttleNow) is { } until)
        {
            await GrainFactory.AuditAsync(AuditActions.LoginFailed, null, UserId, caller, "locked", now);
            return LoginResult.Locked(until, throttleNow);
        }

        var (matches, rehash) = await passwords.VerifyAsync(hash, password);
        if (!matches)
        {
            var lockedUntil = State.Throttle.RecordFailure(source, throttleNow);
            await account.WriteStateAsync();
            await GrainFactory.AuditAsync(AuditActions.LoginFailed, null, UserId, caller, "wrong password", now);
            if (lockedUntil is { } locked)
            {
                await GrainFactory.AuditAsync(AuditActions.LockedOut, null, UserId, caller, $"locked until {locked:O}", now);
            }

            return LoginResult.Invalid;
        }

        if (rehash)
        {
            State.PasswordHash = await passwords.HashAsync(password);
        }

        State.Throttle.RecordSuccess(source, throttleNow);
        var sessionId = Guid.NewGuid();
        var token = RefreshToken.New(UserId, sessionId, generation: 1);
        State.Sessions[sessionId] = new SessionState
        {
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + policy.RefreshTokenLifetime,
            Generation = token.Generation,
            SecretHash = token.SecretHash(),
            IpAddress = caller.IpAddress,
            UserAgent = Truncate(caller.UserAgent),
        };
        ForgetExpiredSessions(now);
        await account.WriteStateAsync();
        await GrainFactory.AuditAsync(AuditActions.LoginSucceeded, UserId, UserId, caller, $"session {sessionId:N}", now);
        return new LoginResult(LoginOutcome.Succeeded, UserId, sessionId, token.ToString(), State.Roles, null);
    }

    public async Task<LoginResult> Refresh(RefreshToken token, CallerInfo caller)
    {
        var now = time.GetUtcNow();
        if (Gone() || !State.Sessions.TryGetValue(token.SessionId, out var session) || session.ExpiresAt <= now)
        {
            return LoginResult.Invalid;
        }

        var presented = token.SecretHash();
        if (token.Generation < session.Generation && session.SpentSecretHashes.Any(spent => FixedTimeEquals(presented, spent)))
        {
            // A spent token came back: either it was stolen or the thief already used the live one.
            // Nobody can tell which holder is legitimate, so the whole family goes.
            State.Sessions.Remove(token.SessionId);
            await account.WriteStateAsync();
            await Revocations.Revoke([token.SessionId]);
            await GrainFactory.AuditAsync(
                AuditActions.TokenReused, null, UserId, caller, $"session {token.SessionId:N} revoked (generation {token.Generation} reused)", now);
            return new LoginResult(LoginOutcome.TokenReused, UserId, token.SessionId, null, [], null);
        }

        // A secret that matches nothing proves nothing, so it cannot end the session either.
        if (token.Generation != session.Generation || !FixedTimeEquals(presented, session.SecretHash))
        {
            return LoginResult.Invalid;
        }

        var next = RefreshToken.New(UserId, token.SessionId, session.Generation + 1);
        session.Rotate(next.Generation, next.SecretHash());
        session.LastUsedAt = now;
        session.ExpiresAt = now + policy.RefreshTokenLifetime;
        session.IpAddress = caller.IpAddress;
        await account.WriteStateAsync();
        return new LoginResult(LoginOutcome.Succeeded, UserId, token.SessionId, next.ToString(), State.Roles, null);
    }

    public Task<IReadOnlyList<UserRole>> Roles() => Task.FromResult<IReadOnlyList<UserRole>>([.. State.Roles]);

    public async Task SetRoles(IReadOnlyList<UserRole> roles)
    {
        State.Roles = [.. roles];
        await account.WriteStateAsync();
    }

    public Task<IReadOnlyList<SessionView>> Sessions()
    {
        var now = time.GetUtcNow();
        IReadOnlyList<SessionView> live = State.Sessions
            .Where(s => s.Value.ExpiresAt > now)
            .OrderByDescending(s => s.Value.LastUsedAt)
            .Select(s => new SessionView(s.Key, s.Value.CreatedAt, s.Value.LastUsedAt, s.Value.ExpiresAt, s.Value.IpAddress, s.Value.UserAgent))
            .ToArray();
        return Task.FromResult(live);
    }

    public async Task<bool> RevokeSession(Guid sessionId, CallerInfo caller)
    {
        if (!State.Sessions.Remove(sessionId))
        {
            return false;
        }

        await account.WriteStateAsync();
        await Revocations.Revoke([sessionId]);
        await GrainFactory.AuditAsync(AuditActions.SessionRevoked, UserId, UserId, caller, $"session {sessionId:N}", time.GetUtcNow());
        return true;
    }

    public async Task Disable()
    {
        var sessions = State.Sessions.Keys.ToArray();
        State.Disabled = true;
        State.PasswordHash = null;
        State.Sessions.Clear();
        // The addresses it signed in from are personal data too.
        State.Throttle = new();
        await account.WriteStateAsync();
        await Revocations.Revoke(sessions);
    }

    /// <summary>
    /// True for an id with no account to sign in to (never created, or erased), whose activation then leaves as
    /// soon as this call is answered: refresh tokens with made-up ids must not each keep one in memory.
    /// </summary>
    private bool Gone()
    {
        if (State.PasswordHash is not null && !State.Disabled)
        {
            return false;
        }

        DeactivateOnIdle();
        return true;
    }

    private ISessionRevocationsGrain Revocations => GrainFactory.Reference<ISessionRevocationsGrain>(0);

    // Expired families cannot be refreshed any more; dropping them keeps the state small.
    private void ForgetExpiredSessions(DateTimeOffset now)
    {
        foreach (var expired in State.Sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToArray())
        {
            State.Sessions.Remove(expired);
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static string? Truncate(string? text) => text is { Length: > 200 } ? text[..200] : text;
}
