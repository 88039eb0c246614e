using Orleans.Concurrency;

namespace OneDay.Grains.Interfaces.Security;

/// <summary>
/// Sessions ended before their access tokens expire (logout, revocation, token reuse, erasure). Gateways
/// poll it and refuse those tokens, so signing out takes effect in seconds rather than at token expiry.
/// One grain (key 0): entries live only as long as an access token can, so the list stays small.
/// </summary>
[Alias("oneday.security.session-revocations")]
public interface ISessionRevocationsGrain : IGrainWithIntegerKey
{
    [Alias("revoke")]
    Task Revoke(IReadOnlyList<Guid> sessionIds);

    /// <summary>
    /// Revocations after <paramref name="version"/> (0: all live ones). <see cref="SessionRevocations.Reset"/>
    /// says the caller's version is from a list that no longer exists (embedded restart): start over from this answer.
    /// </summary>
    [ReadOnly]
    [Alias("since")]
    Task<SessionRevocations> Since(long version);
}

[GenerateSerializer, Immutable, Alias("oneday.security.session-revocations-page")]
public sealed record SessionRevocations(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<RevokedSession> Sessions,
    [property: Id(2)] bool Reset);

[GenerateSerializer, Immutable, Alias("oneday.security.revoked-session")]
public sealed record RevokedSession(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] DateTimeOffset Until,
    [property: Id(2)] long Version);
