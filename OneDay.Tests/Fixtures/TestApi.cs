using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;

namespace OneDay.Tests.Fixtures;

/// <summary>Registers and signs in test users through the real HTTP API.</summary>
public sealed class TestApi(GatewayHost gateway)
{
    /// <summary>The clusters' bootstrap admin address (OneDay:Security:BootstrapAdminEmail).</summary>
    public const string AdminEmail = "admin@tests.oneday.dev";

    public const string Password = "a long test passphrase";

    public HttpClient Http => gateway.Client;

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@tests.oneday.dev";

    public async Task<TestUser> RegisterAsync(string role = "worker", string? email = null)
    {
        email ??= NewEmail(role);
        var response = await Http.PostAsJsonAsync("/api/users", new { email, password = Password, displayName = "Test " + role, role });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"register {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return await SignInAsync(id, email);
    }

    /// <summary>The bootstrap admin, registered on first use (the address is unique, so only once per cluster).</summary>
    public async Task<TestUser> AdminAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/users", new { email = AdminEmail, password = Password, displayName = "Admin", role = "employer" });
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"admin: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var tokens = await LoginAsync(AdminEmail);
        return new TestUser(tokens.GetProperty("userId").GetGuid(), AdminEmail, tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    public async Task<TestUser> SignInAsync(Guid id, string email)
    {
        var tokens = await LoginAsync(email);
        return new TestUser(id, email, tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    public async Task<JsonElement> LoginAsync(string email, string password = Password)
    {
        var response = await Http.PostAsJsonAsync("/api/security/token", new { email, password });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"login {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Posts a job as <paramref name="employer"/> (201 or the test fails); answers its id.</summary>
    public async Task<Guid> PostJobAsync(TestUser employer, object job) =>
        (await CreatedAsync(await SendAsync(HttpMethod.Post, "/api/jobs", employer.AccessToken, job))).GetProperty("id").GetGuid();

    /// <summary>Applies to a job as <paramref name="worker"/> (201 or the test fails).</summary>
    public async Task ApplyAsync(TestUser worker, Guid jobId) =>
        await CreatedAsync(await SendAsync(HttpMethod.Post, $"/api/jobs/{jobId}/applications", worker.AccessToken));

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        configure?.Invoke(request);
        return Http.SendAsync(request);
    }

    /// <summary>
    /// Polls the audit log (GET /api/security/audit as <paramref name="admin"/>) until it holds at least
    /// <paramref name="count"/> entries of <paramref name="action"/> about <paramref name="userId"/>, for
    /// actions recorded through an audit outbox (after the answer); returns them all.
    /// </summary>
    public async Task<JsonElement[]> EventuallyAuditedAsync(TestUser admin, Guid userId, string action, int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        JsonElement[] entries;
        do
        {
            var page = await (await SendAsync(HttpMethod.Get, $"/api/security/audit?userId={userId}&limit=500", admin.AccessToken))
                .Content.ReadFromJsonAsync<JsonElement>();
            entries = [.. page.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString() == action)];
            if (entries.Length >= count)
            {
                return entries;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"The audit log held {entries.Length} '{action}' entries about {userId}, not {count}, after 15 s.");
        return entries;
    }

    /// <summary>Polls GET /api/users/me until the gateway refuses <paramref name="token"/> (a revoked session).</summary>
    public static async Task EventuallyUnauthorizedAsync(TestApi api, string token)
    {
        var deadline = DateTime.UtcNow + RevokedSessions.PollInterval * 5;
        HttpStatusCode status;
        do
        {
            status = (await api.SendAsync(HttpMethod.Get, "/api/users/me", token)).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                return;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"The revoked token was still accepted ({(int)status}) after {RevokedSessions.PollInterval * 5}.");
    }

    public AccessTokenIssuer Issuer => gateway.Services.GetRequiredService<AccessTokenIssuer>();
}

public sealed record TestUser(Guid Id, string Email, string AccessToken, string RefreshToken);

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem of the given status and kind, with no internals in it.</summary>
    public static async Task<JsonElement> IsProblem(HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("https://oneday.dev/problems/" + kind, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
