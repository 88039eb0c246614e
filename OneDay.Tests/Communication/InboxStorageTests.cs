using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Eventing;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Communication;

/// <summary>
/// The inbox as deployed: the welcome travels the users stream on RabbitMQ, the inbox is a row in PostgreSQL that
/// outlives its activation, and erasure empties it.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class InboxStorageTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_welcome_is_stored_in_postgres_survives_deactivation_and_is_gone_after_erasure()
    {
        var api = new TestApi(fixture.Gateway);
        var email = TestApi.NewEmail("inbox");
        var registered = await api.Http.PostAsJsonAsync("/api/users", new { email, password = TestApi.Password, displayName = "Inbox", role = "worker" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var user = await api.SignInAsync(id, email);

        await Eventually.HoldsAsync(async () => (await ListAsync(api, user)).Length == 1, TimeSpan.FromSeconds(30),
            () => Task.FromResult("no welcome arrived"));
        var welcome = (await ListAsync(api, user))[0];
        Assert.Equal(NotificationKinds.Welcome, welcome.GetProperty("kind").GetString());
        Assert.Equal(1, await StoredInboxesAsync(id));
        Assert.Equal(HttpStatusCode.NoContent,
            (await api.SendAsync(HttpMethod.Post, $"/api/communication/notifications/{welcome.GetProperty("id").GetGuid()}/read", user.AccessToken)).StatusCode);

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var reread = Assert.Single(await ListAsync(api, user));
        Assert.Equal(welcome.GetProperty("id").GetGuid(), reread.GetProperty("id").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, reread.GetProperty("readAt").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/users/me", user.AccessToken)).StatusCode);
        await Eventually.HoldsAsync(async () => await StoredInboxesAsync(id) == 0, TimeSpan.FromSeconds(30),
            () => Task.FromResult("the erased user's inbox is still stored"));
        Assert.Empty((await fixture.Cluster.Client.GetGrain<INotificationInboxGrain>(id).List(null, 10, unreadOnly: false)).Items);
    }

    private static async Task<JsonElement[]> ListAsync(TestApi api, TestUser user)
    {
        var page = await (await api.SendAsync(HttpMethod.Get, "/api/communication/notifications", user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private Task<long> StoredInboxesAsync(Guid userId) => Sql.ScalarAsync<long>(
        fixture.Database,
        "SELECT count(*) FROM oneday_grain_state WHERE state_name = 'notification-inbox' AND payload IS NOT NULL AND (strpos(grain_id, $1) > 0 OR strpos(grain_id, $2) > 0)",
        userId.ToString("N"), userId.ToString());
}
