using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Users;
using OneDay.Tests.Fixtures;
using Orleans.Storage;

namespace OneDay.Tests.Postgres;

/// <summary>
/// Cluster mode's grain storage on the migrated schema (0007): ETags as Orleans grains rely on them,
/// and group commit (concurrent writes share batches, a conflicting or rejected write fails alone).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string State = "user";

    private string _database = string.Empty;

    public async Task InitializeAsync() => _database = await postgres.CreateMigratedDatabaseAsync("grainstate");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_real_state_survives_the_round_trip_and_a_missing_one_reads_as_default()
    {
        await using var silo = GrainStorageHarness.Open(_database);
        var grainId = NewGrain();

        var missing = await silo.ReadAsync<UserState>(State, grainId);
        Assert.Equal((false, null, false), (missing.RecordExists, missing.ETag, missing.State!.Exists));

        var written = new GrainState<UserState>(SampleUser("ada@example.com"));
        await silo.Storage.WriteStateAsync(State, grainId, written);
        Assert.Equal(("1", true), (written.ETag, written.RecordExists));

        var read = await silo.ReadAsync<UserState>(State, grainId);
        Assert.Equal(("1", true), (read.ETag, read.RecordExists));
        Assert.Equal("ada@example.com", read.State!.Email);
        Assert.Equal([UserRole.Worker, UserRole.Employer], read.State!.Roles);
        Assert.Equal(written.State!.CreditedEvents, read.State!.CreditedEvents);
        Assert.Equal(written.State!.CreatedAt, read.State!.CreatedAt);
        Assert.Equal(1_234, read.State!.Points);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_a_conflict_and_changes_nothing()
    {
        await using var silo = GrainStorageHarness.Open(_database);
        var grainId = NewGrain();
        await silo.Storage.WriteStateAsync(State, grainId, new GrainState<UserState>(SampleUser("first@example.com")));
        var writerA = await silo.ReadAsync<UserState>(State, grainId);
        var writerB = await silo.ReadAsync<UserState>(State, grainId);

        writerA.State!.Email = "a@example.com";
        await silo.Storage.WriteStateAsync(State, grainId, writerA);
        writerB.State!.Email = "b@example.com";
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync(State, grainId, writerB));

        var stored = await silo.ReadAsync<UserState>(State, grainId);
        Assert.Equal(("a@example.com", "2"), (stored.State!.Email, stored.ETag));
        Assert.Equal("1", writerB.ETag);
    }

    [Fact]
    public async Task Of_two_concurrent_first_writes_from_two_silos_exactly_one_wins()
    {
        await using var siloA = GrainStorageHarness.Open(_database);
        await using var siloB = GrainStorageHarness.Open(_database);
        for (var round = 0; round < 20; round++)
        {
            var grainId = NewGrain();
            var writes = new[] { (siloA, "a@example.com"), (siloB, "b@example.com") }
                .Select(w => Task.Run(() => w.Item1.Storage.WriteStateAsync(State, grainId, new GrainState<UserState>(SampleUser(w.Item2)))))
                .ToArray();

            var outcomes = await Task.WhenAll(writes.Select(Outcome));

            Assert.Equal(1, outcomes.Count(o => o is null));
            Assert.IsType<InconsistentStateException>(Assert.Single(outcomes, o => o is not null));
            var winner = outcomes[0] is null ? "a@example.com" : "b@example.com";
            Assert.Equal(winner, (await siloA.ReadAsync<UserState>(State, grainId)).State!.Email);
        }
    }

    [Fact]
    public async Task A_cleared_state_reads_as_default_and_can_be_written_again_but_not_with_an_etag_from_before()
    {
        await using var silo = GrainStorageHarness.Open(_database);
        var grainId = NewGrain();
        var state = new GrainState<UserState>(SampleUser("gone@example.com"));
        await silo.Storage.WriteStateAsync(State, grainId, state);
        var beforeClear = await silo.ReadAsync<UserState>(State, grainId);

        await silo.Storage.ClearStateAsync(State, grainId, state);
        Assert.Equal(("2", false, string.Empty), (state.ETag, state.RecordExists, state.State!.Email));

        var cleared = await silo.ReadAsync<UserState>(State, grainId);
        Assert.Equal(("2", false, string.Empty), (cleared.ETag, cleared.RecordExists, cleared.State!.Email));

        beforeClear.State!.Email = "stale@example.com";
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.WriteStateAsync(State, grainId, beforeClear));

        state.State = SampleUser("again@example.com");
        await silo.Storage.WriteStateAsync(State, grainId, state);
        var rewritten = await silo.ReadAsync<UserState>(State, grainId);
        Assert.Equal(("3", true, "again@example.com"), (rewritten.ETag, rewritten.RecordExists, rewritten.State!.Email));
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_a_conflict_and_keeps_the_state()
    {
        await using var silo = GrainStorageHarness.Open(_database);
        var grainId = NewGrain();
        await silo.Storage.WriteStateAsync(State, grainId, new GrainState<UserState>(SampleUser("kept@example.com")));

        // Never saw the row (no ETag), then an ETag that was current once.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => silo.Storage.ClearStateAsync(State, grainId, new GrainState<UserState>(new UserState())));
        var stale = await silo.ReadAsync<UserState>(State, grainId);
        await silo.Storage.WriteStateAsync(State, grainId, await silo.ReadAsync<UserState>(State, grainId));
        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.Storage.ClearStateAsync(State, grainId, stale));

        var stored = await silo.ReadAsync<UserState>(State, grainId);
        Assert.Equal(("kept@example.com", true, "2"), (stored.State!.Email, stored.RecordExists, stored.ETag));
    }

    [Fact]
    public async Task A_conflict_in_a_batch_fails_only_that_write_and_the_others_commit()
    {
        await using var silo = GrainStorageHarness.Open(_database);
        var blocker = NewGrain();
        var blockerState = new GrainState<UserState>(SampleUser("blocker@example.com"));
        await silo.Storage.WriteStateAsync(State, blocker, blockerState);
        var contested = NewGrain();
        await silo.Storage.WriteStateAsync(State, contested, new GrainState<UserState>(SampleUser("contested@example.com")));
        var stale = await silo.ReadAsync<UserState>(State, contested);
        await silo.Storage.WriteStateAsync(State, contested, await silo.ReadAsync<UserState>(State, contested));
        var others = Enumerable.Range(0, 40).Select(_ => NewGrain()).ToArray();
        var batchesBefore = silo.Storage.WriteBatches;

        Task[] writes;
        Task conflict;
        await using (await silo.HoldRowAsync(blocker, () => silo.Storage.WriteStateAsync(State, blocker, blockerState)))
        {
            writes = others.Select(g => silo.Storage.WriteStateAsync(State, g, new GrainState<UserState>(SampleUser($"{g.Key}@example.com")))).ToArray();
            stale.State!.Email = "overwrite@example.com";
            conflict = silo.Storage.WriteStateAsync(State, contested, stale);
        }

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        Assert.Equal(2, silo.Storage.WriteBatches - batchesBefore);
        foreach (var grainId in others)
        {
            Assert.Equal($"{grainId.Key}@example.com", (await silo.ReadAsync<UserState>(State, grainId)).State!.Email);
        }

        Assert.Equal("contested@example.com", (await silo.ReadAsync<UserState>(State, contested)).State!.Email);
    }

    [Fact]
    public async Task Writes_of_one_grain_in_one_batch_apply_in_order()
    {
        // A reentrant grain can have a write queued while its previous one waits in the same queue; here the
        // second carries the version the first will produce, as it would after awaiting it.
        await using var silo = GrainStorageHarness.Open(_database);
        var blocker = NewGrain();
        var blockerState = new GrainState<UserState>(SampleUser("blocker@example.com"));
        await silo.Storage.WriteStateAsync(State, blocker, blockerState);
        var fresh = NewGrain();
        var existing = NewGrain();
        await silo.Storage.WriteStateAsync(State, existing, new GrainState<UserState>(SampleUser("v1@example.com")));
        var batchesBefore = silo.Storage.WriteBatches;

        Task[] writes;
        await using (await silo.HoldRowAsync(blocker, () => silo.Storage.WriteStateAsync(State, blocker, blockerState)))
        {
            writes =
            [
                silo.Storage.WriteStateAsync(State, fresh, new GrainState<UserState>(SampleUser("created@example.com"))),
                silo.Storage.WriteStateAsync(State, fresh, new GrainState<UserState>(SampleUser("then@example.com")) { ETag = "1" }),
                silo.Storage.WriteStateAsync(State, existing, new GrainState<UserState>(SampleUser("v2@example.com")) { ETag = "1" }),
                silo.Storage.WriteStateAsync(State, existing, new GrainState<UserState>(SampleUser("v3@example.com")) { ETag = "2" }),
                silo.Storage.ClearStateAsync(State, existing, new GrainState<UserState>(new UserState()) { ETag = "3" }),
            ];
        }

        await Task.WhenAll(writes);
        Assert.Equal(2, silo.Storage.WriteBatches - batchesBefore);
        var freshStored = await silo.ReadAsync<UserState>(State, fresh);
        Assert.Equal(("then@example.com", "2"), (freshStored.State!.Email, freshStored.ETag));
        var existingStored = await silo.ReadAsync<UserState>(State, existing);
        Assert.Equal((false, "4"), (existingStored.RecordExists, existingStored.ETag));
    }

    [Fact]
    public async Task A_write_the_database_rejects_fails_alone_and_its_batch_mates_are_stored()
    {
        await using var silo = GrainStorageHarness.Open(_database);
        var blocker = NewGrain();
        var blockerState = new GrainState<UserState>(SampleUser("blocker@example.com"));
        await silo.Storage.WriteStateAsync(State, blocker, blockerState);
        var others = Enumerable.Range(0, 10).Select(_ => NewGrain()).ToArray();

        Task[] writes;
        Task poison;
        await using (await silo.HoldRowAsync(blocker, () => silo.Storage.WriteStateAsync(State, blocker, blockerState)))
        {
            writes = others.Select(g => silo.Storage.WriteStateAsync(State, g, new GrainState<UserState>(SampleUser("ok@example.com")))).ToArray();
            // PostgreSQL text cannot hold NUL: the whole batch fails for this one key (SQLSTATE 22021).
            poison = silo.Storage.WriteStateAsync(State, GrainId.Create("user", "bad\0key"), new GrainState<UserState>(new UserState()));
        }

        await Task.WhenAll(writes);
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => poison);
        Assert.StartsWith("22", error.SqlState, StringComparison.Ordinal);
        foreach (var grainId in others)
        {
            Assert.True((await silo.ReadAsync<UserState>(State, grainId)).RecordExists);
        }
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_share_full_batches()
    {
        const int MaxBatch = 64, Grains = 300;
        await using var silo = GrainStorageHarness.Open(_database, maxBatch: MaxBatch);
        var blocker = NewGrain();
        var blockerState = new GrainState<UserState>(SampleUser("blocker@example.com"));
        await silo.Storage.WriteStateAsync(State, blocker, blockerState);
        var grains = Enumerable.Range(0, Grains).Select(_ => NewGrain()).ToArray();
        var states = grains.Select(_ => new GrainState<UserState>(SampleUser("first@example.com"))).ToArray();
        var batchesBefore = silo.Storage.WriteBatches;

        Task[] writes;
        await using (await silo.HoldRowAsync(blocker, () => silo.Storage.WriteStateAsync(State, blocker, blockerState)))
        {
            // Called here, not on the pool: each write is serialised and queued before the call returns.
            writes = grains.Select((g, i) => silo.Storage.WriteStateAsync(State, g, states[i])).ToArray();
        }

        await Task.WhenAll(writes);
        // The blocked write alone, then the queue in batches of at most MaxBatch.
        Assert.Equal(1 + ((Grains + MaxBatch - 1) / MaxBatch), silo.Storage.WriteBatches - batchesBefore);

        // Without a gate, writes from many threads at once still share batches, and every one commits.
        batchesBefore = silo.Storage.WriteBatches;
        await Task.WhenAll(grains.Select((g, i) => Task.Run(async () =>
        {
            states[i].State!.Email = $"{g.Key}@example.com";
            await silo.Storage.WriteStateAsync(State, g, states[i]);
        })));
        Assert.InRange(silo.Storage.WriteBatches - batchesBefore, 1, Grains / 2);
        foreach (var grainId in grains)
        {
            var stored = await silo.ReadAsync<UserState>(State, grainId);
            Assert.Equal(($"{grainId.Key}@example.com", "2"), (stored.State!.Email, stored.ETag));
        }
    }

    [Fact]
    public async Task A_new_activation_on_another_silo_reads_what_the_last_one_wrote()
    {
        var grainId = NewGrain();
        await using (var first = GrainStorageHarness.Open(_database))
        {
            var state = new GrainState<UserState>(SampleUser("v1@example.com"));
            await first.Storage.WriteStateAsync(State, grainId, state);
            state.State!.Email = "v2@example.com";
            await first.Storage.WriteStateAsync(State, grainId, state);
        }

        await using var second = GrainStorageHarness.Open(_database);
        var reactivated = await second.ReadAsync<UserState>(State, grainId);
        Assert.Equal(("v2@example.com", "2", true), (reactivated.State!.Email, reactivated.ETag, reactivated.RecordExists));
        reactivated.State!.Email = "v3@example.com";
        await second.Storage.WriteStateAsync(State, grainId, reactivated);
        Assert.Equal("3", reactivated.ETag);
    }

    [Fact]
    public async Task Providers_and_state_names_never_share_a_row()
    {
        await using var users = GrainStorageHarness.Open(_database, provider: "users");
        await using var payments = GrainStorageHarness.Open(_database, provider: "payments");
        var grainId = NewGrain();

        await users.Storage.WriteStateAsync(State, grainId, new GrainState<UserState>(SampleUser("users@example.com")));
        await payments.Storage.WriteStateAsync(State, grainId, new GrainState<UserState>(SampleUser("payments@example.com")));
        await users.Storage.WriteStateAsync("other", grainId, new GrainState<UserState>(SampleUser("other@example.com")));

        Assert.Equal("users@example.com", (await users.ReadAsync<UserState>(State, grainId)).State!.Email);
        Assert.Equal("payments@example.com", (await payments.ReadAsync<UserState>(State, grainId)).State!.Email);
        Assert.Equal("other@example.com", (await users.ReadAsync<UserState>("other", grainId)).State!.Email);
    }

    private static GrainId NewGrain() => GrainId.Create("user", Guid.NewGuid().ToString("N"));

    private static UserState SampleUser(string email) => new()
    {
        Exists = true,
        Email = email,
        DisplayName = "Ada",
        Roles = [UserRole.Worker, UserRole.Employer],
        Points = 1_234,
        CreatedAt = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero),
        CreditedEvents = [Guid.NewGuid(), Guid.NewGuid()],
    };

    private static async Task<Exception?> Outcome(Task write)
    {
        try
        {
            await write;
            return null;
        }
        catch (InconsistentStateException conflict)
        {
            return conflict;
        }
    }
}
