using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Grains.Interfaces.Security;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Unit.Security;

namespace OneDay.Tests.Security;

/// <summary>
/// A log that holds entries sealed before keyed sealing (plain SHA-256, written with the old columns) when the
/// silos start sealing with a key: the old entries keep verifying by their own rule, the new ones are keyed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditChainUpgradeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int OldEntries = 3;
    private ClusterWithGateway? _stack;
    private string _db = string.Empty;

    public async Task InitializeAsync()
    {
        _db = await postgres.CreateMigratedDatabaseAsync("auditupgrade");
        var at = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        await AuditForgery.InsertAsLegacyAsync(_db, UnkeyedSeal.Seal(
            Enumerable.Range(1, OldEntries).Select(i => new AuditEntry(
                i, AuditActions.LoginSucceeded, null, Guid.NewGuid(), "10.0.0.1", "before keys", at.AddMinutes(i), string.Empty, string.Empty)),
            new string('0', 64)));
        _stack = await ClusterWithGateway.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    private GatewayHost Gateway => _stack!.Gateway;

    [Fact]
    public async Task Entries_sealed_before_keys_still_verify_and_the_log_goes_on_keyed()
    {
        var api = new TestApi(Gateway);
        var admin = await api.AdminAsync();
        await api.RegisterAsync("worker");

        var verification = await Verify(api, admin);
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.Equal(OldEntries + 1, verification.GetProperty("keyedFromSequence").GetInt64());
        Assert.Equal(verification.GetProperty("lastVerifiedSequence").GetInt64(), verification.GetProperty("pinnedSequence").GetInt64());
        Assert.True(verification.GetProperty("entriesChecked").GetInt64() > OldEntries + 1);
        Assert.Equal(OldEntries, await Sql.ScalarAsync<long>(_db, "SELECT count(*) FROM oneday_audit_log WHERE seal_version = 0"));
        Assert.Equal(0, await Sql.ScalarAsync<long>(_db, $"SELECT count(*) FROM oneday_audit_log WHERE seal_version = 0 AND seq > {OldEntries}"));

        // The old entries are still checked, by their own rule.
        var entries = await AuditForgery.ReadAllAsync(_db);
        await AuditForgery.OverwriteAsync(_db, [entries[1] with { Details = "edited" }]);
        var broken = await Verify(api, admin);
        Assert.Equal(("broken", "hash-mismatch", 2L), (
            broken.GetProperty("status").GetString(), broken.GetProperty("reason").GetString(), broken.GetProperty("firstBrokenSequence").GetInt64()));
    }

    private static async Task<JsonElement> Verify(TestApi api, TestUser admin)
    {
        var response = await api.SendAsync(HttpMethod.Get, "/api/security/audit/verify", admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
