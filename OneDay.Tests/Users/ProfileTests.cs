using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class ProfileTests(ClusterFixture fixture)
{
    private TestApi Api => fixture.Api;

    private static object Profile(string name) => new
    {
        displayName = name,
        phone = "010-1234-5678",
        worker = new { skills = new[] { "barista", "forklift" }, preferredCategories = new[] { "cafe" }, homeArea = "Mapo-gu", bio = "Early riser" },
        employer = new { businessName = "Hangang Coffee", registrationNumber = "123-45-67890", address = "Seoul" },
    };

    [Fact]
    public async Task Me_is_private_and_the_public_view_leaks_nothing_private()
    {
        var user = await Api.RegisterAsync("worker");
        var update = await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, Profile("Jisoo"));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        var viewer = await Api.RegisterAsync("employer");
        var response = await Api.SendAsync(HttpMethod.Get, $"/api/users/{user.Id}", viewer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Jisoo", view.GetProperty("displayName").GetString());
        Assert.Equal(["barista", "forklift"], view.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(user.Email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("1234-5678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("123-45-67890", text, StringComparison.Ordinal);
        Assert.False(view.TryGetProperty("points", out _));
    }

    [Fact]
    public async Task If_match_makes_concurrent_edits_safe()
    {
        var user = await Api.RegisterAsync("worker");
        var me = await Api.SendAsync(HttpMethod.Get, "/api/users/me", user.AccessToken);
        var etag = me.Headers.ETag!.Tag;

        var first = await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, Profile("First"), r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);

        var stale = await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, Profile("Second"), r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        await ProblemAssert.IsProblem(stale, HttpStatusCode.PreconditionFailed, "precondition-failed");

        var garbage = await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, Profile("Third"), r => r.Headers.TryAddWithoutValidation("If-Match", "\"yesterday\""));
        await ProblemAssert.IsProblem(garbage, HttpStatusCode.BadRequest, "validation");

        var now = await (await Api.SendAsync(HttpMethod.Get, "/api/users/me", user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("First", now.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Bad_profile_input_and_bad_ids_are_400s()
    {
        var user = await Api.RegisterAsync("employer");
        var bad = await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, new
        {
            displayName = "",
            employer = new { registrationNumber = "DROP TABLE" },
            worker = new { skills = Enumerable.Range(0, 31).Select(i => $"s{i}").ToArray() },
        });
        var problem = await ProblemAssert.IsProblem(bad, HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("displayName", out _));
        Assert.True(errors.TryGetProperty("employer.registrationNumber", out _));
        Assert.True(errors.TryGetProperty("worker.skills", out _));

        var badId = await Api.SendAsync(HttpMethod.Get, "/api/users/not-a-uuid", user.AccessToken);
        await ProblemAssert.IsProblem(badId, HttpStatusCode.BadRequest, "validation");
        var unknown = await Api.SendAsync(HttpMethod.Get, $"/api/users/{Guid.NewGuid()}", user.AccessToken);
        await ProblemAssert.IsProblem(unknown, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("{\"displayName\": \"A\", \"isAdmin\": true}", "$.isAdmin")]
    [InlineData("{\"displayName\": \"A\", \"worker\": {\"skills\": \"barista\"}}", "$.worker.skills")]
    [InlineData("{\"displayName\": ", "$")]
    public async Task Malformed_profile_json_is_a_400_naming_the_field_and_changes_nothing(string body, string path)
    {
        var user = await Api.RegisterAsync("worker");
        var before = await (await Api.SendAsync(HttpMethod.Get, "/api/users/me", user.AccessToken)).Content.ReadAsStringAsync();

        var response = await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, configure: r =>
            r.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith(path, StringComparison.Ordinal));

        var after = await (await Api.SendAsync(HttpMethod.Get, "/api/users/me", user.AccessToken)).Content.ReadAsStringAsync();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Export_returns_my_data_and_erasure_scrubs_it_and_signs_me_out()
    {
        var user = await Api.RegisterAsync("worker");
        await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, Profile("Erase Me"));

        var export = await Api.SendAsync(HttpMethod.Get, "/api/users/me/export", user.AccessToken);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var data = await export.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(user.Email, data.GetProperty("profile").GetProperty("email").GetString());
        Assert.NotEmpty(data.GetProperty("sessions").EnumerateArray());
        var actions = data.GetProperty("auditTrail").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToArray();
        Assert.Contains("user.registered", actions);
        Assert.Contains("login.succeeded", actions);
        Assert.Contains("user.profile-updated", actions);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/api/users/me", user.AccessToken)).StatusCode);

        // The erased account is gone at once; its access token stops working within one revocation poll.
        var gone = await Api.SendAsync(HttpMethod.Get, "/api/users/me", user.AccessToken);
        Assert.Contains(gone.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Unauthorized });
        await TestApi.EventuallyUnauthorizedAsync(Api, user.AccessToken);
        var viewer = await Api.RegisterAsync("employer");
        await ProblemAssert.IsProblem(await Api.SendAsync(HttpMethod.Get, $"/api/users/{user.Id}", viewer.AccessToken), HttpStatusCode.NotFound, "not-found");
        var login = await Api.Http.PostAsJsonAsync("/api/security/token", new { email = user.Email, password = TestApi.Password });
        await ProblemAssert.IsProblem(login, HttpStatusCode.Unauthorized, "invalid-credentials");
        var refresh = await Api.Http.PostAsJsonAsync("/api/security/token/refresh", new { refreshToken = user.RefreshToken });
        await ProblemAssert.IsProblem(refresh, HttpStatusCode.Unauthorized, "invalid-token");

        // The address is free again, and the audit log still knows the erased account by its id alone.
        var again = await Api.RegisterAsync("worker", user.Email);
        Assert.NotEqual(user.Id, again.Id);
        var admin = await Api.AdminAsync();
        var audit = await (await Api.SendAsync(HttpMethod.Get, $"/api/security/audit?userId={user.Id}", admin.AccessToken)).Content.ReadAsStringAsync();
        Assert.Contains("user.erased", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Email, audit, StringComparison.OrdinalIgnoreCase);
    }
}
