using System.Net;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class JobApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Employer_posts_a_job_that_any_signed_in_user_reads_with_an_etag()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var created = await employer.Post("/api/jobs", JobsApi.JobBody(headcount: 3));
        var job = await created.Json(HttpStatusCode.Created);
        var id = job.GetProperty("id").GetGuid();
        Assert.Equal($"/api/jobs/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("open", job.GetProperty("status").GetString());
        Assert.Equal(employer.Id, job.GetProperty("employerId").GetGuid());
        Assert.Equal("perHour", job.GetProperty("pay").GetProperty("kind").GetString());

        var worker = ApiUser.Create(fixture, "worker");
        var read = await worker.Get($"/api/jobs/{id}");
        var body = await read.Json(HttpStatusCode.OK);
        Assert.Equal(3, body.GetProperty("headcount").GetInt32());
        Assert.Equal(created.Headers.ETag, read.Headers.ETag);

        var mine = await (await employer.Get("/api/jobs/mine")).Json(HttpStatusCode.OK);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Only_employers_post_and_anonymous_users_read_nothing()
    {
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Post("/api/jobs", JobsApi.JobBody())).Problem(HttpStatusCode.Forbidden, "forbidden");
        var anonymous = await fixture.Http.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Invalid_jobs_are_400_problems_with_field_errors()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var body = JobsApi.JobBody(start: JobsTestHooks.Now.AddHours(-1), pay: 9_000, headcount: 0, lat: 91, category: "no-such-category");
        var problem = await (await employer.Post("/api/jobs", body)).Problem(HttpStatusCode.BadRequest, "validation");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "startsAt", "pay.amountKrw", "headcount", "location", "category" }, fields);

        var badKind = JobsApi.JobBody(payKind: "perYear");
        await (await employer.Post("/api/jobs", badKind)).Problem(HttpStatusCode.BadRequest, "validation");

        var unknownField = JobsApi.JobBody();
        unknownField["salary"] = 1;
        Assert.Equal(HttpStatusCode.BadRequest, (await employer.Post("/api/jobs", unknownField)).StatusCode);
        await (await employer.Get($"/api/jobs/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound, "job-not-found");
    }

    [Fact]
    public async Task Same_idempotency_key_posts_one_job()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "post-" + Guid.NewGuid() };
        var first = await (await employer.Post("/api/jobs", JobsApi.JobBody(), headers)).Json(HttpStatusCode.Created);
        var second = await (await employer.Post("/api/jobs", JobsApi.JobBody(), headers)).Json(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid());
        var mine = await (await employer.Get("/api/jobs/mine")).Json(HttpStatusCode.OK);
        Assert.Equal(1, mine.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task My_jobs_come_newest_first_a_page_at_a_time()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var posted = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            posted.Add(await employer.PostJob(JobsApi.JobBody(title: $"Job {i}")));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await employer.Get("/api/jobs/mine?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))
                .Json(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items.Select(j => j.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(posted), seen);

        // Another employer's list is their own: empty, with no cursor.
        var other = await (await ApiUser.Create(fixture, "employer").Get("/api/jobs/mine")).Json(HttpStatusCode.OK);
        Assert.Equal(0, other.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, other.GetProperty("nextCursor").ValueKind);

        await (await employer.Get("/api/jobs/mine?cursor=garbage")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Get("/api/jobs/mine?limit=0")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Get("/api/jobs/mine?limit=101")).Problem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Edits_need_the_current_etag()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var created = await employer.Post("/api/jobs", JobsApi.JobBody());
        var id = (await created.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var etag = created.Headers.ETag!.Tag;

        var edit = JobsApi.JobBody(title: "Head barista", headcount: 4);
        await (await employer.Put($"/api/jobs/{id}", edit)).Problem((HttpStatusCode)428, "precondition-required");

        var ok = await employer.Put($"/api/jobs/{id}", edit, new Dictionary<string, string> { ["If-Match"] = etag });
        var updated = await ok.Json(HttpStatusCode.OK);
        Assert.Equal("Head barista", updated.GetProperty("title").GetString());
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        // A second editor still holding the old ETag loses instead of overwriting.
        var stale = await employer.Put($"/api/jobs/{id}", JobsApi.JobBody(title: "Other"), new Dictionary<string, string> { ["If-Match"] = etag });
        await stale.Problem(HttpStatusCode.PreconditionFailed, "precondition-failed");

        var other = ApiUser.Create(fixture, "employer");
        var notMine = await other.Put($"/api/jobs/{id}", edit, new Dictionary<string, string> { ["If-Match"] = ok.Headers.ETag!.Tag });
        await notMine.Problem(HttpStatusCode.Forbidden, "forbidden");
        await JobsApi.AssertEventsRecorded(fixture, id, "jobs.created", "jobs.updated");
    }

    [Fact]
    public async Task Employer_cancels_with_a_reason_and_the_job_closes()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var id = await employer.PostJob(JobsApi.JobBody());
        await (await employer.Post($"/api/jobs/{id}/cancel", new { reason = "" })).Problem(HttpStatusCode.BadRequest, "validation");
        var cancelled = await (await employer.Post($"/api/jobs/{id}/cancel", new { reason = "Shop closed for repairs" })).Json(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("Shop closed for repairs", cancelled.GetProperty("cancelReason").GetString());

        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Post($"/api/jobs/{id}/applications")).Problem(HttpStatusCode.Conflict, "job-closed");
        await (await employer.Post($"/api/jobs/{id}/cancel", new { reason = "again" })).Problem(HttpStatusCode.Conflict, "invalid-job-state");
        await JobsApi.AssertEventsRecorded(fixture, id, "jobs.created", "jobs.cancelled");
    }

    [Fact]
    public async Task Categories_are_listed_for_everyone_and_managed_by_admins()
    {
        var worker = ApiUser.Create(fixture, "worker");
        var list = await (await worker.Get("/api/jobs/categories")).Json(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("code").GetString() == "cafe");

        var code = "night-market-" + Guid.NewGuid().ToString("N")[..6];
        await (await worker.Put($"/api/jobs/categories/{code}", new { name = "Night market" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var admin = ApiUser.Create(fixture, "admin");
        await (await admin.Put($"/api/jobs/categories/{code}", new { name = "Night market" })).Json(HttpStatusCode.OK);
        await (await admin.Put("/api/jobs/categories/Bad Code", new { name = "x" })).Problem(HttpStatusCode.BadRequest, "validation");

        var employer = ApiUser.Create(fixture, "employer");
        await employer.PostJob(JobsApi.JobBody(category: code));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete($"/api/jobs/categories/{code}")).StatusCode);
        await (await admin.Delete($"/api/jobs/categories/{code}")).Problem(HttpStatusCode.NotFound, "category-not-found");
        await (await employer.Post("/api/jobs", JobsApi.JobBody(category: code))).Problem(HttpStatusCode.BadRequest, "validation");
    }
}
