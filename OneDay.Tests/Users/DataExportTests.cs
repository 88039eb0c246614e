using System.Net;
using System.Text.Json;
using OneDay.Grains.Interfaces.Users;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Users;

/// <summary>The personal data export covers the jobs domain too: a shift worked, rated both ways, and a rejection.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DataExportTests(ClusterFixture fixture)
{
    private const double Lat = 37.5665;
    private const double Lon = 126.9780;

    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Export_lists_my_jobs_applications_schedule_and_ratings_given_and_received()
    {
        var employerUser = await Api.RegisterAsync("employer");
        var workerUser = await Api.RegisterAsync("worker");
        var employer = new ApiUser(fixture, employerUser.Id, employerUser.AccessToken);
        var worker = new ApiUser(fixture, workerUser.Id, workerUser.AccessToken);
        await employer.Fund();

        var worked = await employer.PostJob(JobsApi.JobBody(lat: Lat, lon: Lon, start: JobsTestHooks.Now.AddHours(2), hours: 4, headcount: 1));
        var refused = await employer.PostJob(JobsApi.JobBody(start: JobsTestHooks.Now.AddDays(3), title: "Stocktaking"));
        foreach (var job in new[] { worked, refused })
        {
            await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        }

        await (await employer.Post($"/api/jobs/{worked}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{refused}/applications/{worker.Id}/reject")).Json(HttpStatusCode.OK);
        var onSite = new { latitude = Lat, longitude = Lon };
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await worker.Post($"/api/jobs/{worked}/check-in", onSite)).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{worked}/check-out", onSite)).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{worked}/confirm")).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{worked}/ratings", new { subjectId = worker.Id, stars = 5, comment = "Great work" })).Json(HttpStatusCode.NoContent);
        await (await worker.Post($"/api/jobs/{worked}/ratings", new { subjectId = employer.Id, stars = 4, comment = "Fair boss" })).Json(HttpStatusCode.NoContent);

        var mine = await Export(workerUser);
        Assert.Empty(mine.GetProperty("jobs").EnumerateArray());
        var applications = mine.GetProperty("applications").EnumerateArray().ToDictionary(a => a.GetProperty("jobId").GetGuid(), a => a.GetProperty("status").GetString());
        Assert.Equal("completed", applications[worked]);
        Assert.Equal("rejected", applications[refused]);
        Assert.Equal(1, mine.GetProperty("schedule").GetProperty("completedShifts").GetInt32());
        Assert.Equal("Fair boss", Assert.Single(mine.GetProperty("ratingsGiven").EnumerateArray()).GetProperty("comment").GetString());
        Assert.Equal("Great work", Assert.Single(mine.GetProperty("ratingsReceived").EnumerateArray()).GetProperty("comment").GetString());

        var theirs = await Export(employerUser);
        Guid[] posted = [worked, refused];
        Assert.Equal(posted.Order(), theirs.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).Order());
        Assert.Empty(theirs.GetProperty("applications").EnumerateArray());
        Assert.Equal("Great work", Assert.Single(theirs.GetProperty("ratingsGiven").EnumerateArray()).GetProperty("comment").GetString());
        Assert.Equal("Fair boss", Assert.Single(theirs.GetProperty("ratingsReceived").EnumerateArray()).GetProperty("comment").GetString());
    }

    [Fact]
    public async Task The_schedule_remembers_jobs_whose_application_ended_without_a_shift()
    {
        var schedule = fixture.Cluster.Client.GetGrain<IWorkerScheduleGrain>(Guid.NewGuid());
        var job = Guid.NewGuid();
        var start = JobsTestHooks.Now.AddDays(1);
        await schedule.NoteApplication(new ShiftReservation(job, start, start.AddHours(4)));
        await schedule.ForgetApplication(job);

        Assert.Empty((await schedule.Get()).Applications);
        Assert.Equal([job], await schedule.Jobs());
    }

    private async Task<JsonElement> Export(TestUser user) =>
        await (await Api.SendAsync(HttpMethod.Get, "/api/users/me/export", user.AccessToken)).Json(HttpStatusCode.OK);
}
