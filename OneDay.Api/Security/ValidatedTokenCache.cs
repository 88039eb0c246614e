using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace OneDay.Api.Security;

/// <summary>
/// A <see cref="TokenHandler"/> for the JWT bearer handler that fully validates each distinct access token
/// once (signature, issuer, audience, lifetime, through <paramref name="inner"/>) and then answers repeats
/// of the exact same string from memory until the token expires. A client sends one token for many
/// requests, and re-parsing and re-signing it every time was most of an authenticated read's cost.
/// </summary>
/// <remarks>
/// Safe because the key is the whole token, signature included: a token that differs by one character is a
/// different key and gets full validation, and only tokens that passed it are stored. Expiry is checked on
/// every hit with the same clock skew the full validation allows. Session revocation is not cached here: the
/// bearer handler's OnTokenValidated event checks it on every request, hit or miss. The validation
/// parameters are the gateway's fixed configuration, so the cache does not key on them.
/// </remarks>
public sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider time, TimeSpan clockSkew, int capacity) : TokenHandler
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_entries.TryGetValue(token, out var hit))
        {
            if (hit.ValidUntil > now && hit.ValidFrom <= now)
            {
                return hit.ToResult();
            }

            _entries.TryRemove(token, out _);
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated && result.ClaimsIdentity is { } identity)
        {
            Remember(token, new Entry(validated, identity.Clone(), Widen(validated.ValidFrom, -clockSkew), Widen(validated.ValidTo, clockSkew)), now);
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

    private sealed record Entry(SecurityToken Token, ClaimsIdentity Identity, DateTime ValidFrom, DateTime ValidUntil)
    {
        // Each request gets its own identity, so nothing a request does to its principal leaks into another's.
        public TokenValidationResult ToResult() => new() { IsValid = true, SecurityToken = Token, ClaimsIdentity = Identity.Clone() };
    }
}
