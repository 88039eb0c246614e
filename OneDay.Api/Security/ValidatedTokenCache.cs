using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace OneDay.Api.Security;

/// <summary>
/// Remembers each distinct access token that passed full validation (signature, issuer, audience,
/// lifetime, through <paramref name="inner"/>) until it expires. A client sends one token for many
/// requests, and re-parsing and re-signing it every time was most of an authenticated read's cost.
/// As a <see cref="TokenHandler"/> it sits in the JWT bearer handler's list and validates misses;
/// <see cref="TryGetValid"/> lets the bearer handler's MessageReceived event answer a hit before the
/// handler copies its validation parameters for the request.
/// </summary>
/// <remarks>
/// Safe because the key is the whole token, signature included: a token that differs by one character is a
/// different key and gets full validation, and only tokens that passed it are stored. Expiry is checked on
/// every hit with the same clock skew the full validation allows. Session revocation is not cached here: the
/// bearer events check it on every request, hit or miss. The validation parameters are the gateway's fixed
/// configuration, so the cache does not key on them. A hit shares the stored identity between requests:
/// nothing in the gateway adds claims to a principal (there is no claims transformation), so it is only read.
/// </remarks>
public sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider time, TimeSpan clockSkew, int capacity) : TokenHandler
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>
    /// The identity and session of a token that passed full validation and has not expired; looked up by
    /// the header's characters, so a hit copies nothing.
    /// </summary>
    public bool TryGetValid(ReadOnlySpan<char> token, out ClaimsIdentity identity, out Guid sessionId)
    {
        if (_entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var hit) && hit.IsLive(time.GetUtcNow().UtcDateTime))
        {
            identity = hit.Identity;
            sessionId = hit.SessionId;
            return true;
        }

        identity = null!;
        sessionId = Guid.Empty;
        return false;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_entries.TryGetValue(token, out var hit))
        {
            if (hit.IsLive(now))
            {
                return hit.ToResult();
            }

            _entries.TryRemove(token, out _);
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated && result.ClaimsIdentity is { } identity)
        {
            var stored = identity.Clone();
            var session = Guid.TryParse(stored.FindFirst(ClaimsPrincipalExtensions.SessionClaim)?.Value, out var sid) ? sid : Guid.Empty;
            Remember(token, new Entry(validated, stored, session, Widen(validated.ValidFrom, -clockSkew), Widen(validated.ValidTo, clockSkew)), now);
        }

        return result;
    }

    // A token without nbf reports DateTime.MinValue, which must not underflow.
    private static DateTime Widen(DateTime instant, TimeSpan by) =>
        instant == DateTime.MinValue || instant == DateTime.MaxValue ? instant : instant + by;

    private void Remember(string token, Entry entry, DateTime now)
    {
        if (capacity == 0)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            foreach (var (key, old) in _entries)
            {
                if (old.ValidUntil <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            // Still full of live tokens: start over rather than track recency; the cost is one re-validation each.
            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
        }

        _entries[token] = entry;
    }

    private sealed record Entry(SecurityToken Token, ClaimsIdentity Identity, Guid SessionId, DateTime ValidFrom, DateTime ValidUntil)
    {
        public bool IsLive(DateTime now) => ValidUntil > now && ValidFrom <= now;

        public TokenValidationResult ToResult() => new() { IsValid = true, SecurityToken = Token, ClaimsIdentity = Identity };
    }
}
