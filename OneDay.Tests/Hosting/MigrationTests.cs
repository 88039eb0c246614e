using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OneDay.Silo.Postgres.Migrations;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Hosting;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresFixture postgres)
{
    private static SchemaMigrator Migrator => new(NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task Applies_every_script_once_and_a_second_run_changes_nothing()
    {
        var db = await postgres.Server.CreateDatabaseAsync("migrate_twice");

        var first = await Migrator.MigrateAsync(db);
        var second = await Migrator.MigrateAsync(db);

        Assert.Equal(SchemaMigrator.Scripts.Select(s => s.Name), first.Applied);
        Assert.Empty(second.Applied);
        Assert.True(SchemaMigrator.Scripts.Count >= 4);
        foreach (var table in new[] { "orleansquery", "orleansmembershiptable", "orleansmembershipversiontable", "orleansstorage", "orleansreminderstable" })
        {
            Assert.True(await Sql.ScalarAsync<bool>(db, $"SELECT to_regclass('{table}') IS NOT NULL"), table);
        }
    }

    [Fact]
    public async Task Provides_every_query_the_orleans_providers_look_up()
    {
        var db = await postgres.Server.CreateDatabaseAsync("migrate_keys");
        await Migrator.MigrateAsync(db);

        string[] required =
        [
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey",
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
            "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
            "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "CleanupDefunctSiloEntryKey",
        ];
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                present.Add(reader.GetString(0));
            }
        }

        var missing = required.Where(k => !present.Contains(k)).ToArray();
        Assert.True(missing.Length == 0, "missing query keys: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_script_exactly_once()
    {
        var db = await postgres.Server.CreateDatabaseAsync("migrate_race");

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Migrator.MigrateAsync(db)));

        Assert.Equal(SchemaMigrator.Scripts.Count, reports.Sum(r => r.Applied.Count));
        Assert.Equal(SchemaMigrator.Scripts.Count, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM oneday_schema_migrations"));
    }

    [Fact]
    public async Task A_script_edited_after_it_was_applied_is_refused()
    {
        var db = await postgres.Server.CreateDatabaseAsync("migrate_edit");
        await Migrator.MigrateAsync(db);
        await Sql.ScalarAsync<int>(db, "UPDATE oneday_schema_migrations SET checksum = 'tampered' WHERE version = 1 RETURNING version");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(db));
        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PersonalDataMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Registered_events_stored_with_a_display_name_lose_it_and_nothing_else_changes()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("scrub_names");
        await Sql.ExecuteAsync(db, """
            INSERT INTO oneday_event_store (event_id, type, version, occurred_at, aggregate_id, payload) VALUES
            (gen_random_uuid(), 'users.registered', 1, now(), 'u1', '{"userId":"u1","displayName":"Kim Minji","roles":["worker"]}'),
            (gen_random_uuid(), 'users.profile-updated', 1, now(), 'u1', '{"userId":"u1","version":2}'),
            (gen_random_uuid(), 'jobs.created', 1, now(), 'j1', '{"jobId":"j1","displayName":"not a person"}')
            """);

        // The script as an upgraded database ran it (every migration is one transaction; this one is idempotent).
        await Sql.ExecuteAsync(db, SchemaMigrator.Scripts.Single(s => s.Name.StartsWith("0013_", StringComparison.Ordinal)).Sql);

        Assert.Equal(0, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM oneday_event_store WHERE payload::text LIKE '%Kim Minji%'"));
        Assert.Equal("""{"roles": ["worker"], "userId": "u1"}""", await Sql.ScalarAsync<string>(
            db, "SELECT payload::text FROM oneday_event_store WHERE type = 'users.registered'"));
        Assert.Equal(1, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM oneday_event_store WHERE payload ? 'displayName'"));
        // The store is append-only again afterwards.
        await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(db, "DELETE FROM oneday_event_store"));
    }
}
