using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Eventing;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Users;

/// <summary>User events travel the real path: grain outbox, the events stream, the event store subscriber.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserEventsTests(ClusterFixture fixture)
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Registration_profile_update_and_erasure_are_published_without_personal_data()
    {
        var user = await Api.RegisterAsync("worker");
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, new { displayName = "Eventful" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/api/users/me", user.AccessToken)).StatusCode);
        var admin = await Api.AdminAsync();

        string[] expected = ["users.registered", "users.profile-updated", "users.erased"];
        JsonElement[] events = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                events = await EventsOf(admin, user.Id);
                return events.Select(e => e.GetProperty("type").GetString()).SequenceEqual(expected);
            },
            TimeSpan.FromSeconds(30),
            async () => string.Join(", ", (await EventsOf(admin, user.Id)).Select(e => e.GetProperty("type").GetString())));

        Assert.All(events, e => Assert.Equal(user.Id.ToString(), e.GetProperty("aggregateId").GetString()));
        Assert.All(events, e => Assert.DoesNotContain(user.Email, e.GetRawText(), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(3, events.Select(e => e.GetProperty("eventId").GetGuid()).Distinct().Count());
    }

    private async Task<JsonElement[]> EventsOf(TestUser admin, Guid userId)
    {
        var response = await Api.SendAsync(HttpMethod.Get, $"/api/analytics/events?aggregateId={userId}", admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
