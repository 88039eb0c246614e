using System.Buffers.Text;
using System.Security.Cryptography;

namespace OneDay.Grains.Interfaces.Security;

/// <summary>
/// An opaque refresh token: "v1.{user}.{session}.{generation}.{secret}". The ids say which grain and session
/// to ask; the generation says which rotation it came from, so a token used twice is recognised as reuse
/// (not merely as unknown); only a hash of the secret is stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.security.refresh-token")]
public sealed record RefreshToken(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] int Generation,
    [property: Id(3)] string Secret)
{
    private const string Prefix = "v1";

    public static RefreshToken New(Guid userId, Guid sessionId, int generation) =>
        new(userId, sessionId, generation, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));

    public override string ToString() => $"{Prefix}.{UserId:N}.{SessionId:N}.{Generation}.{Secret}";

    public static bool TryParse(string? text, out RefreshToken token)
    {
        token = default!;
        var parts = text?.Split('.');
        if (parts is not { Length: 5 } || parts[0] != Prefix || parts[4].Length is < 20 or > 100 ||
            !Guid.TryParseExact(parts[1], "N", out var user) || !Guid.TryParseExact(parts[2], "N", out var session) ||
            !int.TryParse(parts[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        token = new RefreshToken(user, session, generation, parts[4]);
        return true;
    }

    public string SecretHash() => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret)));
}
