using System.Net;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class ApplicationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Repeated_apply_with_the_same_idempotency_key_is_one_application()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody());
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "apply-" + Guid.NewGuid() };

        var first = await (await worker.Post($"/api/jobs/{id}/applications", null, key)).Json(HttpStatusCode.Created);
        var replay = await (await worker.Post($"/api/jobs/{id}/applications", null, key)).Json(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("appliedAt").GetDateTimeOffset(), replay.GetProperty("appliedAt").GetDateTimeOffset());
        await (await worker.Post($"/api/jobs/{id}/applications")).Problem(HttpStatusCode.Conflict, "already-applied");

        var list = await (await employer.Get($"/api/jobs/{id}/applications")).Json(HttpStatusCode.OK);
        Assert.Equal(worker.Id, Assert.Single(list.EnumerateArray()).GetProperty("workerId").GetGuid());
        await (await worker.Get($"/api/jobs/{id}/applications")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ApiUser.Create(fixture, "employer").Get($"/api/jobs/{id}/applications")).Problem(HttpStatusCode.Forbidden, "forbidden");

        var withdrawn = await (await worker.Delete($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        await (await worker.Delete($"/api/jobs/{id}/applications/me")).Problem(HttpStatusCode.NotFound, "application-not-found");
        await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        await (await worker.Post($"/api/jobs/{id}/applications", null, new Dictionary<string, string> { ["Idempotency-Key"] = "" }))
            .Problem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Accepting_fills_the_job_and_a_withdrawal_reopens_the_slot()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var first = ApiUser.Create(fixture, "worker");
        var second = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody(headcount: 1));
        await (await first.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        await (await second.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);

        await (await first.Post($"/api/jobs/{id}/applications/{first.Id}/accept")).Problem(HttpStatusCode.Forbidden, "forbidden");
        var accepted = await (await employer.Post($"/api/jobs/{id}/applications/{first.Id}/accept")).Json(HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        var job = await (await employer.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("filled", job.GetProperty("status").GetString());
        await (await employer.Post($"/api/jobs/{id}/applications/{second.Id}/accept")).Problem(HttpStatusCode.Conflict, "headcount-full");
        await (await ApiUser.Create(fixture, "worker").Post($"/api/jobs/{id}/applications")).Problem(HttpStatusCode.Conflict, "headcount-full");

        var schedule = await (await first.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(schedule.GetProperty("shifts").EnumerateArray()).GetProperty("jobId").GetGuid());

        await (await first.Delete($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        schedule = await (await first.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        Assert.Empty(schedule.GetProperty("shifts").EnumerateArray());
        job = await (await employer.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("open", job.GetProperty("status").GetString());

        var rejected = await (await employer.Post($"/api/jobs/{id}/applications/{second.Id}/reject")).Json(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        await (await employer.Post($"/api/jobs/{id}/applications/{second.Id}/accept")).Problem(HttpStatusCode.NotFound, "application-not-found");
        await JobsApi.AssertEventsRecorded(fixture, id, "jobs.application-submitted", "jobs.application-accepting",
            "jobs.application-accepted", "jobs.filled", "jobs.application-withdrawn", "jobs.application-rejected");
    }

    [Fact]
    public async Task A_worker_cannot_be_accepted_for_overlapping_shifts()
    {
        var worker = ApiUser.Create(fixture, "worker");
        var start = JobsTestHooks.Now.AddDays(3);
        var employerA = await PaymentsApi.FundedEmployer(fixture);
        var employerB = await PaymentsApi.FundedEmployer(fixture);
        var jobA = await employerA.PostJob(JobsApi.JobBody(start: start, hours: 4));
        var jobB = await employerB.PostJob(JobsApi.JobBody(start: start.AddHours(3), hours: 4));
        var adjacent = await employerB.PostJob(JobsApi.JobBody(start: start.AddHours(4), hours: 2));
        foreach (var job in new[] { jobA, jobB, adjacent })
        {
            await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        }

        await (await employerA.Post($"/api/jobs/{jobA}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        await (await employerB.Post($"/api/jobs/{jobB}/applications/{worker.Id}/accept")).Problem(HttpStatusCode.Conflict, "schedule-conflict");
        // [start, end) intervals: a shift starting exactly when the other ends does not overlap.
        await (await employerB.Post($"/api/jobs/{adjacent}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

        var mine = await (await worker.Get($"/api/jobs/{jobB}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("rejected", mine.GetProperty("status").GetString());
        Assert.Equal("schedule-conflict", mine.GetProperty("reason").GetString());
        var jobBView = await (await employerB.Get($"/api/jobs/{jobB}")).Json(HttpStatusCode.OK);
        Assert.Equal(0, jobBView.GetProperty("acceptedCount").GetInt32());
    }
}
