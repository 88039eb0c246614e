using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace OneDay.Bench.Prepare;

/// <summary>Real accounts through the real API (no back doors): registered, then signed in.</summary>
internal static class Accounts
{
    /// <summary>Registers COUNT accounts and signs each in.</summary>
    /// <returns>Their user ids and access tokens, in the same order.</returns>
    public static async Task<(List<string> Ids, List<string> Tokens)> CreateAsync(
        HttpClient http, Uri baseUrl, string role, int count, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"bench-{Guid.NewGuid():N}@bench.oneday.dev";
            var password = "bench passphrase " + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
            var user = await PostAsync(http, new Uri(baseUrl, "/api/users"),
                new { email, password, displayName = "Bench", role }, cancellationToken);
            var session = await PostAsync(http, new Uri(baseUrl, "/api/security/token"), new { email, password }, cancellationToken);
            ids.Add(user.GetProperty("id").GetString()!);
            tokens.Add(session.GetProperty("accessToken").GetString()!);
        }

        return (ids, tokens);
    }

    /// <summary>Registers an account with a known password (for sign-in scenarios).</summary>
    public static async Task RegisterAsync(HttpClient http, Uri baseUrl, string email, string password, string role, CancellationToken cancellationToken) =>
        await PostAsync(http, new Uri(baseUrl, "/api/users"), new { email, password, displayName = "Bench", role }, cancellationToken);

    private static async Task<JsonElement> PostAsync(HttpClient http, Uri url, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url.AbsolutePath} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
