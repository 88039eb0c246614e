using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneDay.Api.Security;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Security;

[Collection(ClusterCollection.Name)]
public sealed partial class AuthorizationMatrixTests(ClusterFixture fixture)
{
    /// <summary>
    /// Every endpoint anyone may call without signing in. Adding one is a security decision: it must be
    /// added here, in review, or this test fails.
    /// </summary>
    internal static readonly string[] ReviewedAnonymous =
    [
        "GET /health/live",
        "HEAD /health/live",
        "GET /health/ready",
        "HEAD /health/ready",
        "GET /openapi/{documentName}.json",
        "GET /docs/{documentName?}",
        "GET /docs/scalar.js",
        "GET /docs/scalar.aspnetcore.js",
        "GET /docs/favicon.svg",
        "GET /app",
        // The operator console's redirect to its page, which holds no data and signs its admin in like /app.
        "GET /ops",
        "POST /api/users/",
        "GET /api/users/email-verification",
        "POST /api/users/email-verification",
        "POST /api/security/token",
        "POST /api/security/token/refresh",
        "POST /api/payments/webhooks/{provider}",
        "POST /test/echo",
        "GET /test/slow",
    ];

    private TestApi Api => fixture.Api;

    [Fact]
    public void Every_endpoint_is_either_reviewed_anonymous_or_protected()
    {
        var anonymous = new List<string>();
        var unprotected = new List<string>();
        foreach (var (name, endpoint) in Endpoints())
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                anonymous.Add(name);
            }
            else if (endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            {
                unprotected.Add(name);
            }
        }

        Assert.Empty(unprotected);
        Assert.Empty(anonymous.Except(ReviewedAnonymous));
        Assert.Contains(Endpoints(), e => e.Name.StartsWith("GET /api/users/me", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_protected_api_endpoint_refuses_missing_expired_and_tampered_tokens()
    {
        var user = await Api.RegisterAsync("worker");
        var expired = ExpiredToken(user.Id);
        var tampered = Tamper(user.AccessToken);
        var foreignKey = ForeignSignedToken(user.Id);
        var protectedApi = ProtectedApiEndpoints().ToArray();
        Assert.NotEmpty(protectedApi);

        foreach (var (method, path) in protectedApi)
        {
            foreach (var (label, token) in new[] { ("none", (string?)null), ("expired", expired), ("tampered", tampered), ("foreign key", foreignKey) })
            {
                var response = await Api.SendAsync(new HttpMethod(method), path, token, new { });
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with {label} token: {(int)response.StatusCode}");
                await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
            }
        }
    }

    [Fact]
    public async Task Admin_endpoints_refuse_every_other_role()
    {
        var worker = await Api.RegisterAsync("worker");
        var employer = await Api.RegisterAsync("employer");
        var adminOnly = ProtectedApiEndpoints(requireAdmin: true).ToArray();
        Assert.Contains(adminOnly, e => e.Path.StartsWith("/api/security/audit", StringComparison.Ordinal));

        foreach (var (method, path) in adminOnly)
        {
            foreach (var user in new[] { worker, employer })
            {
                var response = await Api.SendAsync(new HttpMethod(method), path, user.AccessToken, new { role = "admin" });
                await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "forbidden");
            }
        }
    }

    [Fact]
    public async Task Another_users_token_only_ever_reaches_its_own_data()
    {
        var alice = await Api.RegisterAsync("worker");
        var bob = await Api.RegisterAsync("worker");

        var me = await (await Api.SendAsync(HttpMethod.Get, "/api/users/me", bob.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(bob.Id, me.GetProperty("id").GetGuid());
        var export = await (await Api.SendAsync(HttpMethod.Get, "/api/users/me/export", bob.AccessToken)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(alice.Email, export, StringComparison.OrdinalIgnoreCase);

        var aliceSessions = await (await Api.SendAsync(HttpMethod.Get, "/api/security/sessions", alice.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var aliceSession = aliceSessions.EnumerateArray().First().GetProperty("id").GetString();
        await ProblemAssert.IsProblem(
            await Api.SendAsync(HttpMethod.Delete, $"/api/security/sessions/{aliceSession}", bob.AccessToken), HttpStatusCode.NotFound, "not-found");
        var audit = await Api.SendAsync(HttpMethod.Get, $"/api/security/audit?userId={alice.Id}", bob.AccessToken);
        await ProblemAssert.IsProblem(audit, HttpStatusCode.Forbidden, "forbidden");

        // Alice's session survived Bob's attempt.
        var refresh = await Api.Http.PostAsJsonAsync("/api/security/token/refresh", new { refreshToken = alice.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    private IEnumerable<(string Name, RouteEndpoint Endpoint)> Endpoints() =>
        fixture.Gateway.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => ($"{m} {Normalize(e.RoutePattern.RawText)}", e)));

    private IEnumerable<(string Method, string Path)> ProtectedApiEndpoints(bool requireAdmin = false) =>
        Endpoints()
            .Where(e => e.Name.Contains(" /api/", StringComparison.Ordinal) && e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !requireAdmin || e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Admin))
            .Select(e => (e.Name.Split(' ')[0], RouteParameter().Replace(e.Name.Split(' ')[1], Guid.NewGuid().ToString())))
            .Distinct();

    private static string Normalize(string? pattern) => "/" + (pattern ?? string.Empty).TrimStart('/');

    private string ExpiredToken(Guid userId)
    {
        var services = fixture.Gateway.Services;
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        return new AccessTokenIssuer(services.GetRequiredService<SigningKey>(), services.GetRequiredService<SecurityOptions>(), past)
            .Issue(userId, Guid.NewGuid(), ["worker", "admin"]).Token;
    }

    private string ForeignSignedToken(Guid userId)
    {
        var services = fixture.Gateway.Services;
        var attackerKey = new SigningKey(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[64]));
        return new AccessTokenIssuer(attackerKey, services.GetRequiredService<SecurityOptions>(), TimeProvider.System)
            .Issue(userId, Guid.NewGuid(), ["admin"]).Token;
    }

    // Flips one character of the payload, e.g. to claim another role; the signature no longer matches.
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = parts[1].ToCharArray();
        payload[10] = payload[10] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{new string(payload)}.{parts[2]}";
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
