using System.Net;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

/// <summary>An Idempotency-Key answers a retry of its request with the first result, and refuses any other request.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyKeyTests(ClusterFixture fixture)
{
    private static Dictionary<string, string> Key() => new() { ["Idempotency-Key"] = "key-" + Guid.NewGuid() };

    [Fact]
    public async Task A_post_with_a_used_key_and_a_different_job_is_a_422()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var key = Key();
        var body = JobsApi.JobBody(title: "Barista, Saturday");
        var first = await (await employer.Post("/api/jobs", body, key)).Json(HttpStatusCode.Created);

        var other = JobsApi.JobBody(title: "Barista, Sunday");
        var problem = await (await employer.Post("/api/jobs", other, key)).Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Contains("different", problem.GetProperty("detail").GetString());
        var pay = JobsApi.JobBody(title: "Barista, Saturday", pay: 13_000);
        await (await employer.Post("/api/jobs", pay, key)).Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        // The same request again is answered with the first job, unchanged.
        var retry = await (await employer.Post("/api/jobs", JobsApi.JobBody(title: "Barista, Saturday"), key)).Json(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetGuid(), retry.GetProperty("id").GetGuid());
        Assert.Equal("Barista, Saturday", retry.GetProperty("title").GetString());
        var mine = await (await employer.Get("/api/jobs/mine")).Json(HttpStatusCode.OK);
        Assert.Equal(1, mine.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_application_with_a_used_key_and_a_different_body_is_a_422()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody());
        var key = Key();

        var first = await (await worker.Post($"/api/jobs/{id}/applications", null, key)).Json(HttpStatusCode.Created);
        await (await worker.Post($"/api/jobs/{id}/applications", new { note = "I can start early" }, key))
            .Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        var retry = await (await worker.Post($"/api/jobs/{id}/applications", null, key)).Json(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("appliedAt").GetDateTimeOffset(), retry.GetProperty("appliedAt").GetDateTimeOffset());

        // Keyed with a body from the start: the same body is a retry, another one is not.
        var other = ApiUser.Create(fixture, "worker");
        var otherKey = Key();
        await (await other.Post($"/api/jobs/{id}/applications", new { note = "a" }, otherKey)).Json(HttpStatusCode.Created);
        await (await other.Post($"/api/jobs/{id}/applications", new { note = "a" }, otherKey)).Json(HttpStatusCode.OK);
        await (await other.Post($"/api/jobs/{id}/applications", null, otherKey)).Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        await (await other.Post($"/api/jobs/{id}/applications", new { note = "b" }, otherKey))
            .Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        var applications = await (await employer.Get($"/api/jobs/{id}/applications")).Json(HttpStatusCode.OK);
        Assert.Equal(2, applications.GetArrayLength());
    }
}
