using System.Net;
using System.Text.Json;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Communication;

/// <summary>
/// An accepted worker's shift reminders on the job clock: an hour before the start, and at the start without a
/// check-in (to both sides). The fake clock does not move the grain's reminder, so the test ticks it as the
/// reminder would once due.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ShiftReminderTests(ClusterFixture fixture)
{
    private const double Lat = 37.5665;
    private const double Lon = 126.9780;

    private static async Task<string[]> Kinds(ApiUser user, Guid job)
    {
        var page = await (await user.Get("/api/communication/notifications")).Json(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("jobId").ValueKind == JsonValueKind.String && n.GetProperty("jobId").GetGuid() == job)
            .Select(n => n.GetProperty("kind").GetString()!)];
    }

    private Task Tick(Guid job, ApiUser worker) =>
        fixture.Cluster.Client.GetGrain<IShiftRemindersGrain>(ShiftReminders.Key(job, worker.Id)).Tick();

    private static async Task AssertEventually(ApiUser user, Guid job, string kind, Func<Task> tick) =>
        Assert.True(await JobsApi.Eventually(async () =>
        {
            await tick();
            return (await Kinds(user, job)).Contains(kind);
        }, TimeSpan.FromSeconds(15)), $"No {kind} for {job}.");

    [Fact]
    public async Task A_worker_hears_the_shift_is_near_and_both_sides_hear_of_a_missing_check_in_but_not_of_a_done_one()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        ApiUser late = ApiUser.Create(fixture, "worker"), punctual = ApiUser.Create(fixture, "worker"), gone = ApiUser.Create(fixture, "worker");
        var start = JobsTestHooks.Now.AddHours(3);
        var job = await employer.PostJob(JobsApi.JobBody(lat: Lat, lon: Lon, start: start, hours: 4, pay: 200_000, payKind: "perShift", headcount: 3));
        foreach (var worker in new[] { late, punctual, gone })
        {
            await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
            await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        }

        foreach (var worker in new[] { late, punctual, gone })
        {
            await AssertEventually(worker, job, NotificationKinds.ApplicationAccepted, () => Task.CompletedTask);
        }

        await (await gone.Delete($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(start - TimeSpan.FromMinutes(50) - JobsTestHooks.Now);
        await AssertEventually(late, job, NotificationKinds.ShiftStartingSoon, () => Tick(job, late));
        await AssertEventually(punctual, job, NotificationKinds.ShiftStartingSoon, () => Tick(job, punctual));
        await Tick(job, gone);
        Assert.DoesNotContain(NotificationKinds.ShiftStartingSoon, await Kinds(gone, job));

        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(30));
        await (await punctual.Post($"/api/jobs/{job}/check-in", new { latitude = Lat, longitude = Lon })).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(start - JobsTestHooks.Now + TimeSpan.FromMinutes(1));
        await AssertEventually(late, job, NotificationKinds.CheckInMissing, () => Tick(job, late));
        await Tick(job, punctual);
        await Tick(job, gone);

        var toEmployer = await (await employer.Get("/api/communication/notifications")).Json(HttpStatusCode.OK);
        var missing = Assert.Single(toEmployer.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == NotificationKinds.CheckInMissing);
        Assert.Equal(late.Id, missing.GetProperty("counterpartId").GetGuid());
        Assert.DoesNotContain(NotificationKinds.CheckInMissing, await Kinds(punctual, job));
        Assert.DoesNotContain(NotificationKinds.CheckInMissing, await Kinds(gone, job));
        // A reminder ticked again sends nothing twice.
        await Tick(job, late);
        Assert.Single(await Kinds(late, job), k => k == NotificationKinds.CheckInMissing);
        Assert.Single(await Kinds(late, job), k => k == NotificationKinds.ShiftStartingSoon);
    }
}
