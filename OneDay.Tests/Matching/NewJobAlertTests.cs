using System.Net;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Workers;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Matching;

/// <summary>JobCreated -> Matching: the workers a new job fits hear of it, within their preferences and daily cap.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NewJobAlertTests(ClusterFixture fixture)
{
    // Baengnyeongdo, where no other test has workers or jobs.
    private const double Latitude = 37.9667;
    private const double Longitude = 124.6667;
    private const int DailyCap = 5;

    [Fact]
    public async Task A_new_job_reaches_the_workers_it_fits_who_want_it_at_most_the_daily_cap()
    {
        var fits = await MatchingApi.WorkerWithProfile(fixture, MatchingApi.Profile(Latitude, Longitude));
        var unwilling = await MatchingApi.WorkerWithProfile(fixture, MatchingApi.Profile(Latitude, Longitude));
        await (await unwilling.Send(HttpMethod.Patch, "/api/communication/notifications/preferences",
            new { inApp = new Dictionary<string, bool> { [NotificationKinds.JobNearby] = false } })).Json(HttpStatusCode.OK);
        var tooFar = await MatchingApi.WorkerWithProfile(fixture, MatchingApi.Profile(Latitude + (20 * MatchingApi.KmOfLatitude), Longitude));
        var employer = ApiUser.Create(fixture, "employer");

        var first = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(10), pay: 15_000));
        Assert.True(await JobsApi.Eventually(async () => (await fits.Notifications(NotificationKinds.JobNearby)).Count == 1, TimeSpan.FromSeconds(20)));
        var alert = (await fits.Notifications(NotificationKinds.JobNearby))[0];
        Assert.Equal((first, employer.Id), (alert.GetProperty("jobId").GetGuid(), alert.GetProperty("counterpartId").GetGuid()));
        Assert.Equal([fits.Id], await Alerted(first));

        for (var i = 1; i <= DailyCap; i++)
        {
            await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(10).AddDays(7 * i), pay: 15_000));
        }

        Assert.True(await JobsApi.Eventually(async () => (await fits.Notifications(NotificationKinds.JobNearby)).Count >= DailyCap, TimeSpan.FromSeconds(60)));

        // A worker who saved a profile just now is told of the last job: when they are, the others were offered it too.
        var latecomer = await MatchingApi.WorkerWithProfile(fixture, MatchingApi.Profile(Latitude, Longitude));
        // The silos' scans of the cells, read for the jobs before, may be that old: the new profile is in every one after.
        await Task.Delay(SharedWorkerCells.FreshFor + TimeSpan.FromMilliseconds(500));
        var last = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(14), pay: 15_000));
        Assert.True(await JobsApi.Eventually(async () => (await Alerted(last)).Contains(latecomer.Id), TimeSpan.FromSeconds(60)));
        // The day is Korea's on job time, which other tests move on: counted per day, so a test running across midnight holds too.
        Assert.All(
            (await fits.Notifications(NotificationKinds.JobNearby)).GroupBy(n => n.GetProperty("occurredAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(9)).Date),
            day => Assert.True(day.Count() <= DailyCap, $"{day.Count()} alerts on {day.Key:yyyy-MM-dd}"));
        Assert.Empty(await unwilling.Notifications(NotificationKinds.JobNearby));
        Assert.Empty(await tooFar.Notifications(NotificationKinds.JobNearby));
    }

    private Task<Guid[]> Alerted(Guid jobId) => fixture.Cluster.Client.GetGrain<IJobMatchingGrain>(jobId.ToString()).Alerted();
}
