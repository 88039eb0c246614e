using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OneDay.Grains.Interfaces.Security;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Unit.Security;
using Orleans.TestingHost;

namespace OneDay.Tests.Security;

/// <summary>The audit log in cluster mode: rows in PostgreSQL that verification checks link by link.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditLogPostgresTests(PostgresFixture postgres) : IAsyncLifetime
{
    private ClusterWithGateway? _stack;
    private string _db = string.Empty;

    public async Task InitializeAsync()
    {
        _db = await postgres.CreateMigratedDatabaseAsync("auditlog");
        _stack = await ClusterWithGateway.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    private TestCluster Cluster => _stack!.Cluster;

    private GatewayHost Gateway => _stack!.Gateway;

    [Fact]
    public async Task Verify_finds_an_entry_altered_in_postgres()
    {
        var api = new TestApi(Gateway);
        var admin = await api.AdminAsync();
        var worker = await api.RegisterAsync("worker");
        await api.SendAsync(HttpMethod.Put, "/api/users/me", worker.AccessToken, new { displayName = "Audited" });
        await api.EventuallyAuditedAsync(admin, worker.Id, AuditActions.ProfileUpdated);

        var intact = await Verify(api, admin);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        Assert.Equal("ok", intact.GetProperty("status").GetString());
        Assert.True(intact.GetProperty("entriesChecked").GetInt64() >= 5);
        Assert.Equal(intact.GetProperty("lastVerifiedSequence").GetInt64(), intact.GetProperty("pinnedSequence").GetInt64());
        Assert.Equal(1, intact.GetProperty("keyedFromSequence").GetInt64());
        Assert.True(await Count() >= 5);
        Assert.Equal(0, await Count("SELECT count(*) FROM oneday_audit_log WHERE seal_version <> 1"));

        // The application's own path cannot rewrite history...
        await using var connection = new NpgsqlConnection(_db);
        await connection.OpenAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, "UPDATE oneday_audit_log SET details = 'nothing happened' WHERE seq = 3"));
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);

        // ...but an attacker with owner rights can, and the chain tells.
        await Execute(connection, "ALTER TABLE oneday_audit_log DISABLE TRIGGER oneday_audit_log_append_only");
        await Execute(connection, "UPDATE oneday_audit_log SET details = 'nothing happened' WHERE seq = 3");
        var broken = await Verify(api, admin);
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(3, broken.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal(("broken", "hash-mismatch"), (broken.GetProperty("status").GetString(), broken.GetProperty("reason").GetString()));

        await Execute(connection, "DELETE FROM oneday_audit_log WHERE seq = 3");
        var gap = await Verify(api, admin);
        Assert.Equal(3, gap.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal("missing-entry", gap.GetProperty("reason").GetString());
        Assert.Contains("missing", gap.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_rewritten_and_the_whole_chain_rehashed_with_plain_sha256_is_caught()
    {
        var api = new TestApi(Gateway);
        var admin = await api.AdminAsync();
        await AppendAsync(5);
        Assert.True((await Verify(api, admin)).GetProperty("intact").GetBoolean());

        // Sealed the way the log sealed entries before keys: with no key, anyone who can write the table can do it.
        var entries = await AuditForgery.ReadAllAsync(_db);
        entries[2] = entries[2] with { Details = "nothing happened" };
        await AuditForgery.OverwriteAsync(_db, UnkeyedSeal.Seal(entries, new string('0', 64)));

        var verification = await Verify(api, admin);
        Assert.False(verification.GetProperty("intact").GetBoolean());
        Assert.Equal(("broken", "hash-mismatch"), (verification.GetProperty("status").GetString(), verification.GetProperty("reason").GetString()));
        // Every entry was keyed from the first, so the first re-hashed one already fails.
        Assert.Equal(1, verification.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task Entries_deleted_from_the_end_are_reported_as_truncated_and_the_cut_stays_visible()
    {
        var api = new TestApi(Gateway);
        var admin = await api.AdminAsync();
        await AppendAsync(5);
        var intact = await Verify(api, admin);
        var end = intact.GetProperty("lastVerifiedSequence").GetInt64();
        Assert.Equal(("ok", end), (intact.GetProperty("status").GetString(), intact.GetProperty("pinnedSequence").GetInt64()));

        await AuditForgery.DeleteFromAsync(_db, end - 1);

        var cut = await Verify(api, admin);
        Assert.False(cut.GetProperty("intact").GetBoolean());
        Assert.Equal("truncated", cut.GetProperty("status").GetString());
        Assert.Equal((end - 1, end - 2, end), (
            cut.GetProperty("firstBrokenSequence").GetInt64(), cut.GetProperty("lastVerifiedSequence").GetInt64(), cut.GetProperty("pinnedSequence").GetInt64()));

        // The log goes on after its pinned head, not after the cut, so new entries do not paper over it; nor does a new activation.
        await Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(end + 1, (await AppendAsync(1))[0]);
        var after = await Verify(api, admin);
        Assert.Equal(("broken", "missing-entry", end - 1), (
            after.GetProperty("status").GetString(), after.GetProperty("reason").GetString(), after.GetProperty("firstBrokenSequence").GetInt64()));
    }

    [Fact]
    public async Task Audit_queries_filter_by_user_and_page_with_a_cursor()
    {
        var api = new TestApi(Gateway);
        var admin = await api.AdminAsync();
        var worker = await api.RegisterAsync("worker");
        await api.SignInAsync(worker.Id, worker.Email);
        await api.SignInAsync(worker.Id, worker.Email);

        var first = await (await api.SendAsync(HttpMethod.Get, $"/api/security/audit?userId={worker.Id}&limit=2", admin.AccessToken))
            .Content.ReadFromJsonAsync<JsonElement>();
        var entries = first.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(2, entries.Length);
        Assert.All(entries, e => Assert.Equal(worker.Id, e.GetProperty("subjectId").GetGuid()));
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);

        var second = await (await api.SendAsync(HttpMethod.Get, $"/api/security/audit?userId={worker.Id}&limit=2&cursor={cursor}", admin.AccessToken))
            .Content.ReadFromJsonAsync<JsonElement>();
        var next = second.GetProperty("entries").EnumerateArray().ToArray();
        Assert.NotEmpty(next);
        Assert.True(next[0].GetProperty("sequence").GetInt64() > entries[1].GetProperty("sequence").GetInt64());

        var bad = await api.SendAsync(HttpMethod.Get, "/api/security/audit?from=yesterday&limit=9999", admin.AccessToken);
        var problem = await ProblemAssert.IsProblem(bad, HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Concurrent_appends_are_batched_into_one_unbroken_chain()
    {
        var log = Cluster.Client.GetGrain<IAuditLogGrain>(0);
        var sequences = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            log.Append(new AuditRecord("test.burst", null, Guid.NewGuid(), "127.0.0.1", $"entry {i}", DateTimeOffset.UtcNow))));

        Assert.Equal(300, sequences.Distinct().Count());
        Assert.Equal(sequences.Min() + 299, sequences.Max());
        var verification = await log.Verify();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(await Count(), verification.EntriesChecked);
    }

    [Fact]
    public async Task A_profile_edit_is_audited_once_even_when_a_new_activation_sends_its_record_again()
    {
        var api = new TestApi(Gateway);
        var admin = await api.AdminAsync();
        var user = await api.RegisterAsync("worker");
        var update = await api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, new { displayName = "Audited" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var version = update.Headers.ETag!.Tag.Trim('"').TrimStart('v');

        var entries = await api.EventuallyAuditedAsync(admin, user.Id, AuditActions.ProfileUpdated);
        Assert.Equal($"version {version}", Assert.Single(entries).GetProperty("details").GetString());
        Assert.Equal(user.Id, entries[0].GetProperty("actorId").GetGuid());

        // The stored state still holds the record it was written with, so the next activation sends it again;
        // the export waits for that send before it reads the trail.
        await Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var export = await (await api.SendAsync(HttpMethod.Get, "/api/users/me/export", user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var exported = export.GetProperty("auditTrail").EnumerateArray().Where(e => e.GetProperty("action").GetString() == AuditActions.ProfileUpdated);

        Assert.Equal(entries[0].GetProperty("sequence").GetInt64(), Assert.Single(exported).GetProperty("sequence").GetInt64());
        Assert.Equal(1, await Count($"SELECT count(*) FROM oneday_audit_log WHERE subject_id = '{user.Id}' AND action = '{AuditActions.ProfileUpdated}'"));
        Assert.Equal(0, await Count("SELECT count(*) FROM oneday_audit_log WHERE action = 'user.profile-updated' AND record_id IS NULL"));
    }

    [Fact]
    public async Task A_record_sent_again_is_stored_once_and_the_chain_stays_intact()
    {
        var log = Cluster.Client.GetGrain<IAuditLogGrain>(0);
        var record = new AuditRecord("test.resent", null, Guid.NewGuid(), "127.0.0.1", "sent three times", DateTimeOffset.UtcNow, Guid.NewGuid());

        // Copies in one batch, and a copy after the first is stored.
        var together = await Task.WhenAll(log.Append(record), log.Append(record), log.Append(new AuditRecord("test.other", null, null, null, "between", DateTimeOffset.UtcNow)));
        var later = await log.Append(record);

        Assert.Equal(together[0], together[1]);
        Assert.Equal(together[0], later);
        Assert.Equal(1, await Count($"SELECT count(*) FROM oneday_audit_log WHERE record_id = '{record.RecordId}'"));
        var verification = await log.Verify();
        Assert.True(verification.Intact, verification.Problem);
    }

    [Fact]
    public async Task A_batch_of_records_is_one_write_in_order_and_a_copy_in_it_is_stored_once()
    {
        var log = Cluster.Client.GetGrain<IAuditLogGrain>(0);
        var resent = new AuditRecord("test.many", null, Guid.NewGuid(), "127.0.0.1", "stored before the batch", DateTimeOffset.UtcNow, Guid.NewGuid());
        var stored = await log.AppendUnsent(resent);
        var fresh = Enumerable.Range(0, 5)
            .Select(i => new AuditRecord("test.many", null, Guid.NewGuid(), "127.0.0.1", $"fresh {i}", DateTimeOffset.UtcNow, Guid.NewGuid()))
            .ToArray();

        var sequences = await log.AppendMany(
            [.. fresh.Take(2).Select(r => new AuditSubmission(r, Unsent: true)), new AuditSubmission(resent, Unsent: false),
             .. fresh.Skip(2).Select(r => new AuditSubmission(r, Unsent: true))]);

        Assert.Equal(stored, sequences[2]);
        long[] freshSequences = [.. sequences.Take(2), .. sequences.Skip(3)];
        Assert.Equal(Enumerable.Range(0, 5).Select(i => freshSequences[0] + i), freshSequences);
        // One write: every new entry was inserted by the same transaction.
        var ids = string.Join(',', fresh.Select(r => $"'{r.RecordId}'"));
        Assert.Equal(1, await Count($"SELECT count(DISTINCT xmin::text) FROM oneday_audit_log WHERE record_id IN ({ids})"));
        Assert.Equal(1, await Count($"SELECT count(*) FROM oneday_audit_log WHERE record_id = '{resent.RecordId}'"));
        var verification = await log.Verify();
        Assert.True(verification.Intact, verification.Problem);
    }

    [Fact]
    public async Task A_stored_record_offered_as_unsent_is_refused_and_the_chain_stays_intact()
    {
        var log = Cluster.Client.GetGrain<IAuditLogGrain>(0);
        var record = new AuditRecord("test.unsent", null, Guid.NewGuid(), "127.0.0.1", "promised unsent twice", DateTimeOffset.UtcNow, Guid.NewGuid());
        var first = await log.AppendUnsent(record);

        // The log skips its look-up on the sender's word; the store's unique id still refuses the copy.
        await Assert.ThrowsAnyAsync<Exception>(() => log.AppendUnsent(record));

        Assert.Equal(first, await log.Append(record));
        Assert.Equal(1, await Count($"SELECT count(*) FROM oneday_audit_log WHERE record_id = '{record.RecordId}'"));
        var verification = await log.Verify();
        Assert.True(verification.Intact, verification.Problem);
    }

    private static async Task<JsonElement> Verify(TestApi api, TestUser admin)
    {
        var response = await api.SendAsync(HttpMethod.Get, "/api/security/audit/verify", admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<long> Count(string sql = "SELECT count(*) FROM oneday_audit_log") => Sql.ScalarAsync<long>(_db, sql);

    private Task<long[]> AppendAsync(int count)
    {
        var log = Cluster.Client.GetGrain<IAuditLogGrain>(0);
        return Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            log.Append(new AuditRecord("test.entry", null, Guid.NewGuid(), "127.0.0.1", $"entry {i}", DateTimeOffset.UtcNow))));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
