using System.Globalization;
using System.Net;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

/// <summary>
/// A no-show's slot during the shift: a started job takes no new applications, but the employer may
/// accept a worker whose application was already pending into it, and that worker works the shift.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NoShowReplacementTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task A_standby_takes_a_no_shows_slot_in_a_filled_job_and_works_the_shift()
    {
        var (lat, lon) = (Random.Shared.Next(-50_000, 50_000) / 1000.0, Random.Shared.Next(-170_000, 170_000) / 1000.0);
        var search = string.Create(CultureInfo.InvariantCulture, $"/api/jobs?lat={lat}&lon={lon}&radiusKm=2");
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var absent = ApiUser.Create(fixture, "worker");
        var standby = ApiUser.Create(fixture, "worker");
        var busy = ApiUser.Create(fixture, "worker");
        var secondStandby = ApiUser.Create(fixture, "worker");
        var start = JobsTestHooks.Now.AddHours(1);
        var id = await employer.PostJob(JobsApi.JobBody(lat: lat, lon: lon, start: start, hours: 4, headcount: 1));
        Assert.True(await JobsApi.Eventually(async () => (await SearchIds(employer, search)).Contains(id), TimeSpan.FromSeconds(2)));
        foreach (var worker in new[] { standby, busy, secondStandby, absent })
        {
            await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        }

        var filled = await (await employer.Post($"/api/jobs/{id}/applications/{absent.Id}/accept")).Json(HttpStatusCode.OK);
        Assert.Equal("accepted", filled.GetProperty("status").GetString());
        await HoldOverlappingShift(busy, start.AddHours(1));

        JobsTestHooks.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("inProgress", await Status(employer, id));
        Assert.Equal("pending", (await Mine(standby, id)).GetProperty("status").GetString());
        await (await employer.Post($"/api/jobs/{id}/applications/{standby.Id}/accept")).Problem(HttpStatusCode.Conflict, "headcount-full");
        await (await ApiUser.Create(fixture, "worker").Post($"/api/jobs/{id}/applications")).Problem(HttpStatusCode.Conflict, "job-closed");

        JobsTestHooks.Time.Advance(Grace + TimeSpan.FromMinutes(5));
        Assert.Equal("noShow", (await Mine(absent, id)).GetProperty("status").GetString());
        var afterNoShow = await (await employer.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("inProgress", afterNoShow.GetProperty("status").GetString());
        Assert.Equal(0, afterNoShow.GetProperty("acceptedCount").GetInt32());
        Assert.DoesNotContain(id, await SearchIds(employer, search));

        // The overlap rule still holds for a replacement; the refused one gives the slot back.
        await (await employer.Post($"/api/jobs/{id}/applications/{busy.Id}/accept")).Problem(HttpStatusCode.Conflict, "schedule-conflict");
        await (await employer.Post($"/api/jobs/{id}/applications/{standby.Id}/accept")).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{id}/applications/{secondStandby.Id}/accept")).Problem(HttpStatusCode.Conflict, "headcount-full");
        var replaced = await (await employer.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("inProgress", replaced.GetProperty("status").GetString());
        Assert.Equal(1, replaced.GetProperty("acceptedCount").GetInt32());
        Assert.DoesNotContain(id, await SearchIds(employer, search));
        var schedule = await (await standby.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(schedule.GetProperty("shifts").EnumerateArray()).GetProperty("jobId").GetGuid());

        // Past the start's grace, but within the replacement's own.
        var onSite = new { latitude = lat, longitude = lon };
        await (await standby.Post($"/api/jobs/{id}/check-in", onSite)).Json(HttpStatusCode.OK);

        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        var closed = await Mine(secondStandby, id);
        Assert.Equal("rejected", closed.GetProperty("status").GetString());
        Assert.Equal("shift-ended", closed.GetProperty("reason").GetString());
        await (await standby.Post($"/api/jobs/{id}/check-out", onSite)).Json(HttpStatusCode.OK);
        Assert.Equal("completed", (await (await employer.Post($"/api/jobs/{id}/confirm")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal(1, (await (await standby.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK)).GetProperty("completedShifts").GetInt32());
    }

    [Fact]
    public async Task A_replacement_who_does_not_come_is_a_no_show_after_its_own_grace_and_frees_the_slot_again()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var absent = ApiUser.Create(fixture, "worker");
        var late = ApiUser.Create(fixture, "worker");
        var last = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody(start: JobsTestHooks.Now.AddHours(1), hours: 4, headcount: 1));
        foreach (var worker in new[] { late, last, absent })
        {
            await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        }

        await (await employer.Post($"/api/jobs/{id}/applications/{absent.Id}/accept")).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(1) + Grace);
        await (await employer.Post($"/api/jobs/{id}/applications/{late.Id}/accept")).Json(HttpStatusCode.OK);

        JobsTestHooks.Time.Advance(Grace - TimeSpan.FromMinutes(1));
        Assert.Equal("accepted", (await Mine(late, id)).GetProperty("status").GetString());
        await (await employer.Post($"/api/jobs/{id}/applications/{last.Id}/accept")).Problem(HttpStatusCode.Conflict, "headcount-full");

        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("noShow", (await Mine(late, id)).GetProperty("status").GetString());
        await (await late.Post($"/api/jobs/{id}/check-in")).Problem(HttpStatusCode.NotFound, "application-not-found");
        await (await employer.Post($"/api/jobs/{id}/applications/{last.Id}/accept")).Json(HttpStatusCode.OK);
    }

    private async Task HoldOverlappingShift(ApiUser worker, DateTimeOffset start)
    {
        var other = await PaymentsApi.FundedEmployer(fixture);
        var job = await other.PostJob(JobsApi.JobBody(start: start, hours: 2));
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await (await other.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
    }

    private static async Task<string?> Status(ApiUser user, Guid job) =>
        (await (await user.Get($"/api/jobs/{job}")).Json(HttpStatusCode.OK)).GetProperty("status").GetString();

    private static async Task<System.Text.Json.JsonElement> Mine(ApiUser worker, Guid job) =>
        await (await worker.Get($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK);

    private static async Task<Guid[]> SearchIds(ApiUser user, string query) =>
        [.. (await (await user.Get(query)).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
}
