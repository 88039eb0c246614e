using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OneDay.Api.Security;

/// <summary>Mints the short-lived JWT access tokens the gateway's JWT bearer handler accepts.</summary>
public sealed class AccessTokenIssuer(SigningKey key, SecurityOptions options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public AccessToken Issue(Guid userId, Guid sessionId, IEnumerable<string> roles)
    {
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(options.AccessTokenMinutes);
        var claims = new Dictionary<string, object>
        {
            [ClaimsPrincipalExtensions.SubjectClaim] = userId.ToString(),
            [ClaimsPrincipalExtensions.SessionClaim] = sessionId.ToString(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [ClaimsPrincipalExtensions.RoleClaim] = roles.ToArray(),
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, expires);
    }
}

public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>The gateway's HMAC key, from configuration or made at start in embedded mode.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public SymmetricSecurityKey Key { get; } = key;
}
