using System.Globalization;
using System.Net;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Tests.Eventing;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class GeoCellTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_burst_of_upserts_from_both_silos_is_all_searchable_and_all_stored()
    {
        var cellKey = GeoGrid.CellOf(-33.86, 151.20) + ":" + Guid.NewGuid().ToString("N");
        var random = new Random(3);
        var entries = Enumerable.Range(0, 200).Select(i => new JobSearchEntry(
            Guid.NewGuid(), 1, $"job {i}", "cafe", -33.86 + (random.NextDouble() * 0.04), 151.20 + (random.NextDouble() * 0.04), "Sydney",
            DateTimeOffset.UtcNow.AddDays(2), DateTimeOffset.UtcNow.AddDays(2).AddHours(4), new JobPay(12_000, PayKind.PerHour), 12_000, 1)).ToList();
        var silos = SiloCalls.Factories(fixture);

        await Task.WhenAll(entries.Select((e, i) => silos[i % silos.Length].GetGrain<IJobGeoCellGrain>(cellKey).Upsert(e)));
        var removed = entries[0];
        await silos[0].GetGrain<IJobGeoCellGrain>(cellKey).Remove(removed.JobId, removed.Version);

        var snapshot = await silos[1].GetGrain<IJobGeoCellGrain>(cellKey).Snapshot();
        Assert.Equal(entries.Skip(1).Select(e => e.JobId).Order(), snapshot.Entries.Select(e => e.JobId).Order());

        // Every acknowledged change reached storage: a fresh activation reads them all back.
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reloaded = await silos[0].GetGrain<IJobGeoCellGrain>(cellKey).Snapshot();
        Assert.Equal(entries.Skip(1).Select(e => e.JobId).Order(), reloaded.Entries.Select(e => e.JobId).Order());
        Assert.True(reloaded.Revision < snapshot.Revision, "the reloaded cell should be a new activation");
    }

    [Fact]
    public async Task Only_writes_that_change_what_search_shows_reach_the_cell()
    {
        // A spot no other test posts to, so the cell's revision moves only for this job.
        var (lat, lon) = (-45.03, 170.51);
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        var job = await employer.PostJob(JobsApi.JobBody(lat: lat, lon: lon, headcount: 2));
        var cell = fixture.Cluster.Client.GetGrain<IJobGeoCellGrain>(GeoGrid.CellOf(lat, lon));
        var listed = await cell.Snapshot();

        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        Assert.Equal(listed.Revision, (await cell.Snapshot()).Revision);

        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        var accepted = await cell.Snapshot();
        Assert.True(accepted.Revision > listed.Revision);
        Assert.Equal(1, Assert.Single(accepted.Entries, e => e.JobId == job).OpenSlots);
    }

    [Fact]
    public async Task Empty_cells_that_searches_read_leave_memory_soon_after_their_last_read()
    {
        var worker = ApiUser.Create(fixture, "worker");
        var baseline = await CellActivationsAsync();
        // The Southern Ocean, where no test posts: every cell these searches read is empty.
        var random = new Random(11);
        for (var i = 0; i < 10; i++)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"/api/jobs?lat={-58 - random.NextDouble()}&lon={-120 - (random.NextDouble() * 10)}&radiusKm=10");
            await (await worker.Get(query)).Json(HttpStatusCode.OK);
        }

        Assert.True(await CellActivationsAsync() > baseline, "the searches should have activated the empty cells they read");
        await Eventually.HoldsAsync(
            async () => await CellActivationsAsync() <= baseline,
            TimeSpan.FromSeconds(20),
            async () => $"{await CellActivationsAsync()} cell activations, {baseline} before the searches");
    }

    private async Task<int> CellActivationsAsync() =>
        (await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Split(',')[0].EndsWith(".JobGeoCellGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
}
