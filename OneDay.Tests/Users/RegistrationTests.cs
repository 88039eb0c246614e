using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class RegistrationTests(ClusterFixture fixture)
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Register_creates_an_account_with_its_private_view_and_etag()
    {
        var email = TestApi.NewEmail();
        var response = await Api.Http.PostAsJsonAsync("/api/users", new
        {
            email = "  " + email.ToUpperInvariant() + " ", password = TestApi.Password, displayName = "Minji", phone = "+82 10-1234-5678", role = "worker",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"v1\"", response.Headers.ETag?.Tag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.Equal(["worker"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, body.GetProperty("points").GetInt64());
        Assert.False(body.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Fifty_concurrent_registrations_of_one_email_make_exactly_one_account()
    {
        var email = TestApi.NewEmail("race");
        var variants = new[] { email, email.ToUpperInvariant(), " " + email, email + "  ", char.ToUpperInvariant(email[0]) + email[1..] };

        // Separate connections, so requests really are in flight together.
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var client = new HttpClient { BaseAddress = fixture.Gateway.Address };
            return await client.PostAsJsonAsync("/api/users", new
            {
                email = variants[i % variants.Length], password = TestApi.Password + i, displayName = $"Racer {i}", role = "worker",
            });
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await ProblemAssert.IsProblem(conflict, HttpStatusCode.Conflict, "email-taken");
        }

        // The winner's password is the one that signs in.
        var winner = responses.Single(r => r.StatusCode == HttpStatusCode.Created);
        var winnerName = (await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString()!;
        var index = int.Parse(winnerName["Racer ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.PostAsJsonAsync("/api/security/token", new { email, password = TestApi.Password + index })).StatusCode);
    }

    [Theory]
    [InlineData("{\"email\":\"not-an-email\",\"password\":\"a long test passphrase\",\"displayName\":\"A\",\"role\":\"worker\"}", "email")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"short\",\"displayName\":\"A\",\"role\":\"worker\"}", "password")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"aaaaaaaaaaaaaaaa\",\"displayName\":\"A\",\"role\":\"worker\"}", "password")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"Password123\",\"displayName\":\"A\",\"role\":\"worker\"}", "password")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"a long test passphrase\",\"role\":\"worker\"}", "displayName")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"a long test passphrase\",\"displayName\":\"A\",\"role\":\"admin\"}", "role")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"a long test passphrase\",\"displayName\":\"A\",\"role\":\"pilot\"}", "role")]
    [InlineData("{\"email\":\"a@b.co\",\"password\":\"a long test passphrase\",\"displayName\":\"A\",\"role\":\"worker\",\"phone\":\"call me\"}", "phone")]
    [InlineData("{\"password\":\"a long test passphrase\",\"displayName\":\"A\",\"role\":\"worker\"}", "email")]
    public async Task Bad_registrations_are_400_problems_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await Api.Http.PostAsync("/api/users", content);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Oversized_fields_and_unknown_fields_are_rejected()
    {
        var tooLong = await Api.Http.PostAsJsonAsync("/api/users", new
        {
            email = TestApi.NewEmail(), password = TestApi.Password, displayName = new string('x', 51), role = "worker",
        });
        await ProblemAssert.IsProblem(tooLong, HttpStatusCode.BadRequest, "validation");

        var unknown = await Api.Http.PostAsJsonAsync("/api/users", new
        {
            email = TestApi.NewEmail(), password = TestApi.Password, displayName = "A", role = "worker", isAdmin = true,
        });
        await ProblemAssert.IsProblem(unknown, HttpStatusCode.BadRequest, "malformed-json");
    }
}
