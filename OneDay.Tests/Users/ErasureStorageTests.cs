using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Eventing;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Users;

/// <summary>Erasure as deployed: grain state and the event store in PostgreSQL, searched for what was erased.</summary>
[Collection(EventsCollection.Name)]
public sealed class ErasureStorageTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task After_erasure_no_state_row_key_or_payload_and_no_stored_event_holds_the_email_name_or_address()
    {
        var api = new TestApi(fixture.Gateway);
        var email = TestApi.NewEmail("erasable");
        var registeredName = "Registered" + Guid.NewGuid().ToString("N")[..12];
        var editedName = "Edited" + Guid.NewGuid().ToString("N")[..12];
        var registered = await api.Http.PostAsJsonAsync("/api/users", new { email, password = TestApi.Password, displayName = registeredName, role = "worker" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var user = await api.SignInAsync(id, email);
        // A sign-in from an address of its own, which the account then remembers as known.
        const string address = "127.42.0.77";
        using (var elsewhere = Security.SourceAddress.Client(fixture.Gateway.Address, address))
        {
            Assert.Equal(HttpStatusCode.OK, (await elsewhere.PostAsJsonAsync("/api/security/token", new { email, password = TestApi.Password })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, new { displayName = editedName })).StatusCode);
        await StoredAsync(id, "users.profile-updated");

        // The search finds what is there: the profile holds the address and the current name.
        Assert.True(await StateRowsHoldingAsync(email) > 0);
        Assert.True(await StateRowsHoldingAsync(editedName) > 0);
        Assert.True(await StateRowsHoldingAsync(address) > 0);

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/users/me", user.AccessToken)).StatusCode);
        await StoredAsync(id, "users.erased");

        foreach (var text in new[] { email, registeredName, editedName })
        {
            Assert.Equal(0, await StateRowsHoldingAsync(text));
            Assert.Equal(0, await StateRowsHoldingAsync(address));
            Assert.Equal(0, await Sql.ScalarAsync<long>(
                fixture.Database, "SELECT count(*) FROM oneday_event_store WHERE strpos(lower(payload::text), lower($1)) > 0", text));
        }
    }

    private Task<long> StateRowsHoldingAsync(string text) => Sql.ScalarAsync<long>(
        fixture.Database,
        "SELECT count(*) FROM oneday_grain_state WHERE strpos(lower(grain_id), lower($1)) > 0 OR position(convert_to($1, 'UTF8') IN coalesce(payload, ''::bytea)) > 0",
        text);

    private Task StoredAsync(Guid userId, string type) => Eventually.HoldsAsync(
        async () => await Sql.ScalarAsync<long>(
            fixture.Database, "SELECT count(*) FROM oneday_event_store WHERE aggregate_id = $1 AND type = $2", userId.ToString(), type) > 0,
        TimeSpan.FromSeconds(30),
        () => Task.FromResult($"no {type} event stored for {userId}"));
}
