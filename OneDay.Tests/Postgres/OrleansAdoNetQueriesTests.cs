using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OneDay.Tests.Fixtures;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace OneDay.Tests.Postgres;

/// <summary>
/// The membership and reminder queries our migrations store (0002, 0004) as Orleans' own ADO.NET
/// providers run them: the provider classes the silos use, against a migrated database, so each query
/// gets exactly the parameters, types and result handling of production. What is checked is the
/// version (ETag) contract those providers rely on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansAdoNetQueriesTests(PostgresFixture postgres)
{
    private const string Invariant = OneDay.Silo.Hosting.SiloBuilderExtensions.AdoNetInvariant;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Membership_writes_succeed_only_against_the_version_they_read_and_move_it_on_by_one()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("membership");
        var table = Membership(db, "versions");
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        // Every silo of a new cluster tries to create the version row; only the first one does.
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);

        var empty = await table.ReadAllAsync(Ct);
        Assert.Equal(0, empty.Version.Version);
        Assert.Empty(empty.Members);

        var a = Entry(11111);
        Assert.True(await table.InsertRowAsync(a, empty.Version.Next(), Ct));
        Assert.False(await table.InsertRowAsync(Entry(11112), empty.Version.Next(), Ct));
        var one = await table.ReadAllAsync(Ct);
        Assert.Equal(1, one.Version.Version);
        // The same silo incarnation twice, even with the current version, is refused and changes nothing.
        Assert.False(await table.InsertRowAsync(Entry(11111), one.Version.Next(), Ct));
        Assert.Equal(1, (await table.ReadAllAsync(Ct)).Version.Version);

        var (read, etag) = Assert.Single(one.Members);
        Assert.Equal(a.SiloAddress, read.SiloAddress);
        Assert.Equal(("silo-11111", "host", 12111, SiloStatus.Active, T0), (read.SiloName, read.HostName, read.ProxyPort, read.Status, read.StartTime));

        a.AddSuspector(Entry(11113).SiloAddress, T0.AddSeconds(5));
        Assert.True(await table.UpdateRowAsync(a, etag, one.Version.Next(), Ct));
        Assert.False(await table.UpdateRowAsync(a, etag, one.Version.Next(), Ct));
        Assert.False(await table.UpdateRowAsync(Entry(9), etag, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var two = await table.ReadAllAsync(Ct);
        Assert.Equal(2, two.Version.Version);
        Assert.Single(Assert.Single(two.Members).Item1.SuspectTimes!);
    }

    [Fact]
    public async Task Of_silos_racing_to_join_with_the_same_version_exactly_one_succeeds()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("membership_race");
        var tables = Enumerable.Range(0, 8).Select(_ => Membership(db, "race")).ToArray();
        foreach (var table in tables)
        {
            await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        }

        var version = (await tables[0].ReadAllAsync(Ct)).Version.Next();

        var joined = await Task.WhenAll(tables.Select((t, i) => t.InsertRowAsync(Entry(20000 + i), version, Ct)));

        Assert.Single(joined, j => j);
        var after = await tables[0].ReadAllAsync(Ct);
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task Heartbeats_never_move_back_and_gateways_are_the_active_silos_proxy_endpoints()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("membership_alive");
        var table = Membership(db, "alive");
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        var active = Entry(11111);
        Assert.True(await table.InsertRowAsync(active, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var joining = Entry(11112, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(joining, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        active.IAmAliveTime = T0.AddSeconds(20);
        await table.UpdateIAmAliveAsync(active, Ct);
        // A late heartbeat from before the one above.
        active.IAmAliveTime = T0.AddSeconds(10);
        await table.UpdateIAmAliveAsync(active, Ct);

        var row = Assert.Single((await table.ReadRowAsync(active.SiloAddress, Ct)).Members);
        Assert.Equal(T0.AddSeconds(20), row.Item1.IAmAliveTime);
        var gateways = await (await GatewaysAsync(db, "alive")).GetGateways();
        Assert.Equal(new Uri("gwy.tcp://10.0.0.1:12111/7"), Assert.Single(gateways));
    }

    [Fact]
    public async Task Clean_up_removes_silos_long_dead_and_deleting_a_cluster_removes_it_all()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("membership_cleanup");
        var table = Membership(db, "cleanup");
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        var dead = Entry(11111);
        Assert.True(await table.InsertRowAsync(dead, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await table.InsertRowAsync(Entry(11112), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var (read, etag) = Assert.Single((await table.ReadRowAsync(dead.SiloAddress, Ct)).Members);
        read.Status = SiloStatus.Dead;
        Assert.True(await table.UpdateRowAsync(read, etag, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var other = Membership(db, "other-cluster");
        await other.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        Assert.True(await other.InsertRowAsync(Entry(11111), (await other.ReadAllAsync(Ct)).Version.Next(), Ct));

        await table.CleanupDefunctSiloEntriesAsync(T0.AddDays(1), Ct);

        var (left, _) = Assert.Single((await table.ReadAllAsync(Ct)).Members);
        Assert.Equal(Entry(11112).SiloAddress, left.SiloAddress);

        await table.DeleteMembershipTableEntriesAsync("cleanup", Ct);

        Assert.Equal(0L, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM orleansmembershipversiontable WHERE deploymentid = 'cleanup'"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'cleanup'"));
        Assert.Single((await other.ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public async Task A_reminder_is_upserted_read_by_grain_and_by_ring_range_and_removed_only_at_its_current_version()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("reminders");
        await using var services = Reminders(db, "oneday");
        var reminders = services.GetRequiredService<IReminderTable>();
        await reminders.StartAsync();
        var grain = GrainId.Create("user", "alice");

        var first = Assert.IsType<string>(await reminders.UpsertRow(Reminder(grain, "daily", TimeSpan.FromMinutes(1))));
        // A period beyond int milliseconds (about 24.8 days), as the provider stores it in a bigint.
        var second = Assert.IsType<string>(await reminders.UpsertRow(Reminder(grain, "daily", TimeSpan.FromDays(40))));
        Assert.NotEqual(first, second);
        var stored = Assert.IsType<ReminderEntry>(await reminders.ReadRow(grain, "daily"));
        Assert.Equal((TimeSpan.FromDays(40), T0, second), (stored.Period, stored.StartAt, stored.ETag));
        await reminders.UpsertRow(Reminder(GrainId.Create("user", "bob"), "daily", TimeSpan.FromMinutes(1)));
        Assert.Single((await reminders.ReadRows(grain)).Reminders);

        // The provider picks the contiguous or the wrapping range query by comparing the bounds as ints.
        var hash = unchecked((int)grain.GetUniformHashCode());
        Assert.InRange(hash, int.MinValue + 1, int.MaxValue - 100);
        Assert.True(await InRangeAsync(reminders, grain, hash - 1, hash));
        Assert.False(await InRangeAsync(reminders, grain, hash, hash + 100));
        Assert.True(await InRangeAsync(reminders, grain, hash + 100, hash));
        Assert.False(await InRangeAsync(reminders, grain, hash, hash - 1));

        Assert.False(await reminders.RemoveRow(grain, "daily", first));
        Assert.True(await reminders.RemoveRow(grain, "daily", second));
        Assert.Null(await reminders.ReadRow(grain, "daily"));
    }

    [Fact]
    public async Task Clearing_the_reminders_of_one_service_leaves_other_services_alone()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("reminders_clear");
        await using var mine = Reminders(db, "mine");
        await using var theirs = Reminders(db, "theirs");
        var (myTable, theirTable) = (mine.GetRequiredService<IReminderTable>(), theirs.GetRequiredService<IReminderTable>());
        await myTable.StartAsync();
        await theirTable.StartAsync();
        var grain = GrainId.Create("user", "alice");
        await myTable.UpsertRow(Reminder(grain, "daily", TimeSpan.FromMinutes(1)));
        await theirTable.UpsertRow(Reminder(grain, "daily", TimeSpan.FromMinutes(1)));

        await myTable.TestOnlyClearTable();

        Assert.Empty((await myTable.ReadRows(grain)).Reminders);
        Assert.Single((await theirTable.ReadRows(grain)).Reminders);
    }

    private static AdoNetClusteringTable Membership(string db, string clusterId) => new(
        new ServiceCollection().BuildServiceProvider(),
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "oneday" }),
        Options.Create(new AdoNetClusteringSiloOptions { Invariant = Invariant, ConnectionString = db }),
        NullLogger<AdoNetClusteringTable>.Instance);

    private static async Task<AdoNetGatewayListProvider> GatewaysAsync(string db, string clusterId)
    {
        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = Invariant, ConnectionString = db }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "oneday" }));
        await provider.InitializeGatewayListProvider();
        return provider;
    }

    /// <summary>The reminder table the silo's own registration resolves (the provider's class is internal).</summary>
    private static ServiceProvider Reminders(string db, string serviceId)
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = "reminders";
            o.ServiceId = serviceId;
        });
        services.UseAdoNetReminderService(o => o.Configure(r =>
        {
            r.Invariant = Invariant;
            r.ConnectionString = db;
        }));
        return services.BuildServiceProvider();
    }

    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Active) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Parse("10.0.0.1"), port, 7),
        SiloName = $"silo-{port}",
        HostName = "host",
        Status = status,
        ProxyPort = port + 1000,
        StartTime = T0,
        IAmAliveTime = T0,
        SuspectTimes = [],
    };

    private static ReminderEntry Reminder(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = T0, Period = period };

    /// <summary>Whether the grain's reminders are among those in the ring range (begin, end], bounds given as the provider compares them.</summary>
    private static async Task<bool> InRangeAsync(IReminderTable reminders, GrainId grain, int begin, int end) =>
        (await reminders.ReadRows(unchecked((uint)begin), unchecked((uint)end))).Reminders.Any(r => r.GrainId == grain);
}
