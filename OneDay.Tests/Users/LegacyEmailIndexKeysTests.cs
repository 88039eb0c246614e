using System.Net;
using System.Net.Http.Json;
using OneDay.Grains.Security;
using OneDay.Grains.Users;
using OneDay.Silo.Postgres.Migrations;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Users;

/// <summary>
/// An upgrade from before the email index was keyed by HMAC: rows stored under the plain address are renamed
/// by the first silo of the users domain to start, so their accounts still sign in and no key holds an address.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LegacyEmailIndexKeysTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Accounts_indexed_under_their_plain_address_still_sign_in_after_the_upgrade()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("legacyindex");
        var service = "legacy-" + Guid.NewGuid().ToString("N");
        var kept = TestApi.NewEmail("kept");
        var erased = TestApi.NewEmail("erased");
        await using (var before = await ClusterWithGateway.StartAsync(db, silos: 1, serviceId: service))
        {
            var api = new TestApi(before.Gateway);
            await api.RegisterAsync(email: kept);
            var gone = await api.RegisterAsync(email: erased);
            Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, "/api/users/me", gone.AccessToken)).StatusCode);
        }

        // What the previous version stored: the index row of each address under the address itself.
        await Sql.ExecuteAsync(db, "DELETE FROM oneday_data_migrations");
        var keys = new EmailIndexKeys(new SiloKeys(Convert.FromBase64String(SiloDefaults.SiloKey)), AccountPolicy.Default);
        foreach (var email in new[] { kept, erased })
        {
            Assert.Equal(1, await Sql.ScalarAsync<int>(
                db,
                "UPDATE oneday_grain_state SET grain_id = 'emailindex/' || $1 WHERE grain_id = 'emailindex/' || $2 RETURNING 1",
                email, keys.For(email)));
        }

        Assert.Equal(2, await RowsHoldingAsync(db, "@tests.oneday.dev"));

        await using var after = await ClusterWithGateway.StartAsync(db, silos: 1, serviceId: service);
        Assert.Equal(1, await Sql.ScalarAsync<long>(
            db, "SELECT count(*) FROM oneday_data_migrations WHERE name = $1", LegacyEmailIndexKeys.Name));
        Assert.Equal(0, await RowsHoldingAsync(db, "@tests.oneday.dev"));
        var signIn = await after.Gateway.Client.PostAsJsonAsync("/api/security/token", new { email = kept, password = TestApi.Password });
        Assert.True(signIn.StatusCode == HttpStatusCode.OK, await signIn.Content.ReadAsStringAsync());
        // The erased account's address is free again, as it was before the upgrade.
        var reRegistered = await after.Gateway.Client.PostAsJsonAsync(
            "/api/users", new { email = erased, password = TestApi.Password, displayName = "Again", role = "worker" });
        Assert.Equal(HttpStatusCode.Created, reRegistered.StatusCode);
    }

    private static Task<long> RowsHoldingAsync(string db, string text) => Sql.ScalarAsync<long>(
        db, "SELECT count(*) FROM oneday_grain_state WHERE state_name = 'email-index' AND strpos(grain_id, $1) > 0", text);
}
