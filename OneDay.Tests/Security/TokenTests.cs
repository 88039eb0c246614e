using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Security;

[Collection(ClusterCollection.Name)]
public sealed class TokenTests(ClusterFixture fixture)
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_answer()
    {
        var user = await Api.RegisterAsync("worker");
        var wrong = await Api.Http.PostAsJsonAsync("/api/security/token", new { email = user.Email, password = "not the password at all" });
        var unknown = await Api.Http.PostAsJsonAsync("/api/security/token", new { email = TestApi.NewEmail("nobody"), password = "not the password at all" });

        var a = await ProblemAssert.IsProblem(wrong, HttpStatusCode.Unauthorized, "invalid-credentials");
        var b = await ProblemAssert.IsProblem(unknown, HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
        Assert.False(a.TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task Access_token_opens_me_and_refresh_rotates()
    {
        var user = await Api.RegisterAsync("employer");
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Get, "/api/users/me", user.AccessToken)).StatusCode);

        var first = await Refresh(user.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = await first.Content.ReadFromJsonAsync<JsonElement>();
        var second = rotated.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(user.RefreshToken, second);
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Get, "/api/users/me", rotated.GetProperty("accessToken").GetString())).StatusCode);

        var third = await Refresh(second);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_revokes_the_whole_session()
    {
        var user = await Api.RegisterAsync("worker");
        var rotated = await (await Refresh(user.RefreshToken)).Content.ReadFromJsonAsync<JsonElement>();
        var live = rotated.GetProperty("refreshToken").GetString()!;

        // The first token again: a thief or a replay. Both holders lose the session.
        await ProblemAssert.IsProblem(await Refresh(user.RefreshToken), HttpStatusCode.Unauthorized, "invalid-token");
        await ProblemAssert.IsProblem(await Refresh(live), HttpStatusCode.Unauthorized, "invalid-token");

        var admin = await Api.AdminAsync();
        var audit = await (await Api.SendAsync(HttpMethod.Get, $"/api/security/audit?userId={user.Id}", admin.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("token.reused", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spent_generation_with_a_wrong_secret_leaves_the_session_alive()
    {
        var user = await Api.RegisterAsync("worker");
        var rotated = await (await Refresh(user.RefreshToken)).Content.ReadFromJsonAsync<JsonElement>();
        var live = rotated.GetProperty("refreshToken").GetString()!;

        // The right user, session and a spent generation, but a secret nobody was ever given.
        var parts = user.RefreshToken.Split('.');
        var forged = string.Join('.', parts[0], parts[1], parts[2], parts[3], "forged" + new string('A', 37));
        await ProblemAssert.IsProblem(await Refresh(forged), HttpStatusCode.Unauthorized, "invalid-token");

        Assert.Equal(HttpStatusCode.OK, (await Refresh(live)).StatusCode);
        var admin = await Api.AdminAsync();
        var audit = await (await Api.SendAsync(HttpMethod.Get, $"/api/security/audit?userId={user.Id}", admin.AccessToken)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("token.reused", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v1.00000000000000000000000000000000.00000000000000000000000000000000.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Malformed_or_unknown_refresh_tokens_are_refused(string token)
    {
        var response = await Refresh(token);
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Logout_and_session_revocation_end_refresh_and_stay_within_my_account()
    {
        var user = await Api.RegisterAsync("worker");
        var other = await Api.SignInAsync(user.Id, user.Email);

        var sessions = await (await Api.SendAsync(HttpMethod.Get, "/api/security/sessions", user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, sessions.GetArrayLength());
        Assert.Single(sessions.EnumerateArray(), s => s.GetProperty("current").GetBoolean());

        var stranger = await Api.RegisterAsync("worker");
        var otherSession = sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();
        await ProblemAssert.IsProblem(
            await Api.SendAsync(HttpMethod.Delete, $"/api/security/sessions/{otherSession}", stranger.AccessToken), HttpStatusCode.NotFound, "not-found");

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/api/security/sessions/{otherSession}", user.AccessToken)).StatusCode);
        await ProblemAssert.IsProblem(await Refresh(other.RefreshToken), HttpStatusCode.Unauthorized, "invalid-token");

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Post, "/api/security/logout", user.AccessToken)).StatusCode);
        await ProblemAssert.IsProblem(await Refresh(user.RefreshToken), HttpStatusCode.Unauthorized, "invalid-token");

        // Signing out also ends the access tokens of those sessions, not only their refresh tokens.
        await TestApi.EventuallyUnauthorizedAsync(Api, user.AccessToken);
        await TestApi.EventuallyUnauthorizedAsync(Api, other.AccessToken);
        var fresh = await Api.SignInAsync(user.Id, user.Email);
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Get, "/api/users/me", fresh.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password_and_unknown_addresses_alike()
    {
        var user = await Api.RegisterAsync("worker");
        var nobody = TestApi.NewEmail("nobody");
        foreach (var email in new[] { user.Email, nobody })
        {
            for (var i = 0; i < 5; i++)
            {
                var failure = await Api.Http.PostAsJsonAsync("/api/security/token", new { email, password = "wrong password " + i });
                await ProblemAssert.IsProblem(failure, HttpStatusCode.Unauthorized, "invalid-credentials");
            }

            var locked = await Api.Http.PostAsJsonAsync("/api/security/token", new { email, password = TestApi.Password });
            await ProblemAssert.IsProblem(locked, HttpStatusCode.TooManyRequests, "login-locked");
            var retryAfter = int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 14 * 60, 15 * 60);
        }

        var admin = await Api.AdminAsync();
        var audit = await (await Api.SendAsync(HttpMethod.Get, $"/api/security/audit?userId={user.Id}", admin.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("login.locked-out", audit, StringComparison.Ordinal);
        Assert.Contains("login.failed", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_grants_roles_and_the_new_role_arrives_with_the_next_refresh()
    {
        var user = await Api.RegisterAsync("worker");
        var peer = await Api.RegisterAsync("employer");
        var refused = await Api.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/roles", peer.AccessToken, new { role = "admin" });
        await ProblemAssert.IsProblem(refused, HttpStatusCode.Forbidden, "forbidden");

        var admin = await Api.AdminAsync();
        var badRole = await Api.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/roles", admin.AccessToken, new { role = "king" });
        await ProblemAssert.IsProblem(badRole, HttpStatusCode.BadRequest, "validation");
        var granted = await Api.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/roles", admin.AccessToken, new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);

        var refreshed = await (await Refresh(user.RefreshToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("admin", refreshed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var verify = await Api.SendAsync(HttpMethod.Get, "/api/security/audit/verify", refreshed.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
    }

    private Task<HttpResponseMessage> Refresh(string token) =>
        Api.Http.PostAsJsonAsync("/api/security/token/refresh", new { refreshToken = token });
}
