using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OneDay.Testing;

/// <summary>
/// HS256 access tokens the gateway accepts, for the benchmarks: the app under test is started with the run's signing key, so a
/// token signed here with it, issuer "oneday" and audience "oneday-api" (the gateway's defaults) is what the
/// gateway's own issuer would have minted.
/// </summary>
public static class BenchTokens
{
    /// <summary>A signing key for one scenario, never reused (base64 of 48 random bytes).</summary>
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    /// <param name="subject">The user the token is for (sub); a new one when not given.</param>
    public static string Sign(string keyBase64, IReadOnlyList<string> roles, int minutes = 60, Guid? subject = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var claims = new Dictionary<string, object>
        {
            ["sub"] = (subject ?? Guid.NewGuid()).ToString(),
            ["sid"] = Guid.NewGuid().ToString(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["role"] = roles,
            ["iss"] = "oneday",
            ["aud"] = "oneday-api",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + minutes * 60,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(keyBase64), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
