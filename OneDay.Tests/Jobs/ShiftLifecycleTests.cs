using System.Net;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

/// <summary>Time-driven transitions, driven by the fake job clock instead of waiting.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ShiftLifecycleTests(ClusterFixture fixture)
{
    private const double Lat = 37.5665;
    private const double Lon = 126.9780;

    [Fact]
    public async Task A_job_nobody_was_accepted_for_expires_at_its_start()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody(start: JobsTestHooks.Now.AddHours(1)));
        await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);

        JobsTestHooks.Time.Advance(TimeSpan.FromHours(1));
        var job = await (await worker.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("expired", job.GetProperty("status").GetString());
        var mine = await (await worker.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("job-started", mine.GetProperty("reason").GetString());

        // The event travelled the real stream path to the analytics consumer.
        var analytics = fixture.Cluster.Client.GetGrain<IJobAnalyticsGrain>(id.ToString());
        Assert.True(await JobsApi.Eventually(async () => (await analytics.Recorded()).EventCounts.ContainsKey("jobs.expired"), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_lifecycle_reminder_expires_a_job_nobody_touches()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var id = await employer.PostJob(JobsApi.JobBody(start: JobsTestHooks.Now.AddSeconds(2)));
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(1));

        // Only the analytics consumer is asked: the job grain itself is left alone, so its reminder must act.
        await JobsApi.AssertEventsRecorded(fixture, id, "jobs.created", "jobs.expired");
    }

    [Fact]
    public async Task A_shift_runs_from_check_in_to_confirmation_with_no_shows_and_ratings()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var present = ApiUser.Create(fixture, "worker");
        var absent = ApiUser.Create(fixture, "worker");
        var start = JobsTestHooks.Now.AddHours(2);
        var id = await employer.PostJob(JobsApi.JobBody(lat: Lat, lon: Lon, start: start, hours: 4, headcount: 2));
        foreach (var worker in new[] { present, absent })
        {
            await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
            await (await employer.Post($"/api/jobs/{id}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        }

        var onSite = new { latitude = Lat + 0.0005, longitude = Lon };
        await (await present.Post($"/api/jobs/{id}/check-in", onSite)).Problem(HttpStatusCode.Conflict, "outside-checkin-window");
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await present.Post($"/api/jobs/{id}/check-in", new { latitude = Lat + 0.01, longitude = Lon }))
            .Problem(HttpStatusCode.UnprocessableEntity, "outside-checkin-radius");
        var checkedIn = await (await present.Post($"/api/jobs/{id}/check-in", onSite)).Json(HttpStatusCode.OK);
        Assert.Equal("checkedIn", checkedIn.GetProperty("status").GetString());
        await (await employer.Post($"/api/jobs/{id}/confirm")).Problem(HttpStatusCode.Conflict, "invalid-job-state");

        // Past start + 15 min grace: the absent worker is a no-show, the slot and their schedule are freed.
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(30));
        var job = await (await employer.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("inProgress", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("acceptedCount").GetInt32());
        var noShow = await (await absent.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("noShow", noShow.GetProperty("status").GetString());
        var absentSchedule = await (await absent.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        Assert.Equal(1, absentSchedule.GetProperty("noShows").GetInt32());
        Assert.Empty(absentSchedule.GetProperty("shifts").EnumerateArray());
        await (await absent.Post($"/api/jobs/{id}/check-in", onSite)).Problem(HttpStatusCode.NotFound, "application-not-found");
        await (await employer.Post($"/api/jobs/{id}/cancel", new { reason = "Rain" })).Problem(HttpStatusCode.Conflict, "invalid-job-state");

        JobsTestHooks.Time.Advance(TimeSpan.FromHours(2));
        await (await present.Post($"/api/jobs/{id}/check-out", onSite)).Json(HttpStatusCode.OK);
        await (await present.Post($"/api/jobs/{id}/ratings", new { subjectId = employer.Id, stars = 4, comment = "Early" }))
            .Problem(HttpStatusCode.Conflict, "invalid-job-state");
        // An empty object is a confirmation without a dispute, as no body is.
        var completed = await (await employer.Post($"/api/jobs/{id}/confirm", new { })).Json(HttpStatusCode.OK);
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        var presentSchedule = await (await present.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        Assert.Equal(1, presentSchedule.GetProperty("completedShifts").GetInt32());
        Assert.Empty(presentSchedule.GetProperty("shifts").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent,
            (await employer.Post($"/api/jobs/{id}/ratings", new { subjectId = present.Id, stars = 5, comment = "Great work" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await present.Post($"/api/jobs/{id}/ratings", new { subjectId = employer.Id, stars = 4, comment = "Fair boss" })).StatusCode);
        await (await present.Post($"/api/jobs/{id}/ratings", new { subjectId = employer.Id, stars = 1, comment = "again" }))
            .Problem(HttpStatusCode.Conflict, "conflict");
        await (await absent.Post($"/api/jobs/{id}/ratings", new { subjectId = employer.Id, stars = 1, comment = "x" }))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await employer.Post($"/api/jobs/{id}/ratings", new { subjectId = absent.Id, stars = 1, comment = "Never came" }))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        var ratings = await (await absent.Get($"/api/jobs/{id}/ratings")).Json(HttpStatusCode.OK);
        Assert.Equal(2, ratings.GetArrayLength());

        var analytics = fixture.Cluster.Client.GetGrain<IJobAnalyticsGrain>(id.ToString());
        string[] expected = ["jobs.created", "jobs.started", "jobs.worker-no-show", "jobs.worker-checked-in", "jobs.worker-checked-out", "jobs.completed", "jobs.rated"];
        Assert.True(await JobsApi.Eventually(async () =>
        {
            var counts = (await analytics.Recorded()).EventCounts;
            return expected.All(counts.ContainsKey) && counts["jobs.rated"] == 2;
        }, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cancelling_before_the_start_releases_accepted_workers()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody(start: JobsTestHooks.Now.AddHours(5)));
        await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        await (await employer.Post($"/api/jobs/{id}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

        await (await employer.Post($"/api/jobs/{id}/cancel", new { reason = "Event postponed" })).Json(HttpStatusCode.OK);
        var mine = await (await worker.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("job-cancelled", mine.GetProperty("reason").GetString());
        var schedule = await (await worker.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        Assert.Empty(schedule.GetProperty("shifts").EnumerateArray());
    }

    [Fact]
    public async Task The_employer_disputes_one_worker_and_confirms_the_others()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var good = ApiUser.Create(fixture, "worker");
        var disputed = ApiUser.Create(fixture, "worker");
        var start = JobsTestHooks.Now.AddMinutes(20);
        var id = await employer.PostJob(JobsApi.JobBody(lat: Lat, lon: Lon, start: start, hours: 1, headcount: 2));
        foreach (var worker in new[] { good, disputed })
        {
            await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
            await (await employer.Post($"/api/jobs/{id}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
            await (await worker.Post($"/api/jobs/{id}/check-in", new { latitude = Lat, longitude = Lon })).Json(HttpStatusCode.OK);
        }

        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(90));
        await (await employer.Post($"/api/jobs/{id}/confirm", new { disputedWorkerId = disputed.Id, disputeReason = (string?)null }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Post($"/api/jobs/{id}/confirm", new { disputedWorkerId = Guid.NewGuid(), disputeReason = "Who?" }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        var done = await (await employer.Post($"/api/jobs/{id}/confirm", new { disputedWorkerId = disputed.Id, disputeReason = "Left after an hour" }))
            .Json(HttpStatusCode.OK);
        Assert.Equal("completed", done.GetProperty("status").GetString());

        var goodApplication = await (await good.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("completed", goodApplication.GetProperty("status").GetString());
        var disputedApplication = await (await disputed.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("disputed", disputedApplication.GetProperty("status").GetString());
        Assert.Equal("Left after an hour", disputedApplication.GetProperty("reason").GetString());
        Assert.Equal(1, (await (await good.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK)).GetProperty("completedShifts").GetInt32());
        Assert.Equal(0, (await (await disputed.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK)).GetProperty("completedShifts").GetInt32());
    }

    [Fact]
    public async Task Accepted_workers_pin_the_shift_time_place_and_minimum_headcount()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        var start = JobsTestHooks.Now.AddDays(2);
        var created = await employer.Post("/api/jobs", JobsApi.JobBody(start: start, headcount: 2));
        var id = (await created.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        await (await employer.Post($"/api/jobs/{id}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        var etag = (await employer.Get($"/api/jobs/{id}")).Headers.ETag!.Tag;

        var moved = JobsApi.JobBody(start: start.AddHours(1), lat: 35.1, lon: 129.0, headcount: 0);
        var problem = await (await employer.Put($"/api/jobs/{id}", moved, new Dictionary<string, string> { ["If-Match"] = etag }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "startsAt", "location", "headcount" }, fields);

        var fewer = JobsApi.JobBody(start: start, headcount: 1, title: "One barista");
        var filled = await (await employer.Put($"/api/jobs/{id}", fewer, new Dictionary<string, string> { ["If-Match"] = etag }))
            .Json(HttpStatusCode.OK);
        Assert.Equal("filled", filled.GetProperty("status").GetString());
    }
}
