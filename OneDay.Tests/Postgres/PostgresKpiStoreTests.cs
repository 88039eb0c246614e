using OneDay.Grains.Analytics.Kpis;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Silo.Postgres;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Postgres;

/// <summary>The KPI store on real PostgreSQL, step by step beside the embedded one: both must give the same figures.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresKpiStoreTests(PostgresFixture postgres)
{
    private static readonly DateOnly Monday = new(2026, 12, 7);
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly Guid OtherWorker = Guid.NewGuid();
    private static readonly Guid Employer = Guid.NewGuid();

    [Fact]
    public async Task Steps_add_up_once_each_and_read_back_as_the_memory_store_reads_them()
    {
        var database = await postgres.CreateMigratedDatabaseAsync("kpis");
        await using var store = new PostgresKpiStore(PostgresDataSources.Build(database));
        var memory = new MemoryKpiStore();

        foreach (var kpis in new IKpiStore[] { store, memory })
        {
            await kpis.ApplyAsync("live", First());
            await kpis.ApplyAsync("live", Second());
            // A projector that read the same page as another one, after it: refused whole.
            await Assert.ThrowsAsync<KpiPositionConflictException>(() => kpis.ApplyAsync("live", Second()));
            Assert.Equal(25, await kpis.PositionAsync("live"));
        }

        var days = await store.ReadDaysAsync("live", Monday, Monday.AddDays(6), null, null);
        Assert.Equal([Monday, Monday.AddDays(1)], days.Select(d => d.Day));
        var monday = days[0].Counters;
        Assert.Equal((3, 3, 1), (monday.JobsPosted, monday.Applications, monday.JobsFilled));
        Assert.Equal(3, monday.FillMinutes[4]);
        Assert.Equal(40_000, days[1].Counters.SettledKrw);
        Assert.Equal((44_000, 4_000, 30_000), (days[1].Counters.EscrowedKrw, days[1].Counters.RevenueKrw, days[1].Counters.PaidOutKrw));
        Assert.Equal((1, 2), (monday.ReplyMinutes[3], days[1].Counters.ReplyMinutes[6]));
        // Payouts are no job's: a category leaves them out.
        Assert.Equal(0, (await store.ReadDaysAsync("live", Monday.AddDays(1), Monday.AddDays(1), "cafe", null)).Single().Counters.PaidOutKrw);
        Assert.Equal(2, (await store.ReadDaysAsync("live", Monday, Monday, "cafe", null)).Single().Counters.JobsPosted);
        Assert.Empty(await store.ReadDaysAsync("live", Monday, Monday, null, "38:126"));

        var daily = await store.ReadActiveAsync("live", KpiGranularity.Day, Monday, Monday.AddDays(6));
        Assert.Equal([(Monday, KpiBatch.WorkerRole, 1L), (Monday.AddDays(1), KpiBatch.WorkerRole, 2L)], daily.OrderBy(a => a.PeriodStart));
        var weekly = await store.ReadActiveAsync("live", KpiGranularity.Week, Monday, Monday);
        Assert.Equal([(Monday, KpiBatch.WorkerRole, 2L)], weekly);
        var employer = (await store.ReadEmployerAsync("live", Employer)).ToArray();
        Assert.Equal(new long[] { 3, 2, 0, 0, 0, 40_000 }, employer);

        // The embedded store gives the same figures for the same steps.
        var memoryDays = await memory.ReadDaysAsync("live", Monday, Monday.AddDays(6), null, null);
        Assert.Equal(days.Select(Describe), memoryDays.Select(Describe));
        Assert.Equal(daily.OrderBy(a => a.PeriodStart), (await memory.ReadActiveAsync("live", KpiGranularity.Day, Monday, Monday.AddDays(6))).OrderBy(a => a.PeriodStart));

        // A row stored before the money and reply columns existed has none of them, and adds to them as usual.
        await using (var dataSource = PostgresDataSources.Build(database))
        await using (var legacy = dataSource.CreateCommand("""
            INSERT INTO oneday_kpi_daily (projection, day, category, region, jobs_posted, jobs_filled, jobs_completed, jobs_cancelled,
                                          jobs_expired, applications, accepted, shifts_worked, no_shows, settled_krw, fill_minutes)
            VALUES ('old', '2026-12-07', '*', '*', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, '{}')
            """))
        {
            await legacy.ExecuteNonQueryAsync();
        }

        var later = new KpiBatch(0) { ToPosition = 1 };
        later.Cell(Monday, "cafe", "37:126").JobsPosted = 1;
        later.Cell(Monday, "cafe", "37:126").ReplyMinutes[3] = 1;
        await store.ApplyAsync("old", later);
        var old = (await store.ReadDaysAsync("old", Monday, Monday, null, null)).Single().Counters;
        Assert.Equal((1 + 1, 1, KpiDurations.BucketCount), (old.JobsPosted, old.ReplyMinutes[3], old.FillMinutes.Length));

        await store.DropAsync("live");
        Assert.Equal(0, await store.PositionAsync("live"));
        Assert.Empty(await store.ReadDaysAsync("live", Monday, Monday.AddDays(6), null, null));
    }

    private static KpiBatch First()
    {
        var batch = new KpiBatch(0) { ToPosition = 10 };
        var cafe = batch.Cell(Monday, "cafe", "37:126");
        cafe.JobsPosted = 2;
        cafe.JobsFilled = 1;
        cafe.FillMinutes[4] = 1;
        batch.Active.Add((Monday, KpiBatch.WorkerRole, Worker));
        batch.Employer(Employer).JobsPosted = 2;
        return batch;
    }

    private static KpiBatch Second()
    {
        var batch = new KpiBatch(10) { ToPosition = 25 };
        var cafe = batch.Cell(Monday, "cafe", "37:126");
        cafe.Applications = 3;
        cafe.FillMinutes[4] = 2;
        batch.Cell(Monday, "warehouse", "37:126").JobsPosted = 1;
        batch.Cell(Monday.AddDays(1), "cafe", "37:126").SettledKrw = 40_000;
        // Seen on Monday already: counts on Tuesday, not again in the week.
        batch.Active.Add((Monday, KpiBatch.WorkerRole, Worker));
        batch.Active.Add((Monday.AddDays(1), KpiBatch.WorkerRole, Worker));
        batch.Active.Add((Monday.AddDays(1), KpiBatch.WorkerRole, OtherWorker));
        batch.Employer(Employer).JobsPosted = 1;
        batch.Employer(Employer).Applications = 2;
        batch.Employer(Employer).SpentKrw = 40_000;
        var tuesday = batch.Cell(Monday.AddDays(1), "cafe", "37:126");
        (tuesday.EscrowedKrw, tuesday.RevenueKrw) = (44_000, 4_000);
        tuesday.ReplyMinutes[6] = 2;
        batch.Cell(Monday, "cafe", "37:126").ReplyMinutes[3] = 1;
        batch.Cell(Monday.AddDays(1), KpiBatch.NoJob, KpiBatch.NoJob).PaidOutKrw = 30_000;
        return batch;
    }

    private static string Describe((DateOnly Day, KpiCounters Counters) day) =>
        $"{day.Day}: {string.Join(' ', day.Counters.ToArray())} | {string.Join(' ', day.Counters.FillMinutes)} | {string.Join(' ', day.Counters.ReplyMinutes)}";
}
