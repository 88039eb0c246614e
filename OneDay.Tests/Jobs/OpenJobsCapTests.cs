using System.Net;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

/// <summary>An employer has at most <see cref="JobOptions.MaxOpenJobsPerEmployer"/> open jobs at once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenJobsCapTests(ClusterFixture fixture)
{
    private const int Cap = JobOptions.DefaultMaxOpenJobsPerEmployer;

    // A spot of its own, so the hundreds of jobs posted here crowd no other test's search.
    private static Dictionary<string, object?> Body(int i, DateTimeOffset? start = null) =>
        JobsApi.JobBody(lat: 12.30 + (i % 20 * 0.001), lon: 56.70, start: start, title: $"Cap {i}");

    [Fact]
    public async Task An_employer_at_the_cap_is_refused_until_a_job_is_cancelled_or_starts()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "cap-" + Guid.NewGuid() };
        var first = (await (await employer.Post("/api/jobs", Body(0, JobsTestHooks.Now.AddHours(1)), key)).Json(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var ids = new Guid[Cap];
        ids[0] = first;
        await Parallel.ForEachAsync(Enumerable.Range(1, Cap - 1), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            ids[i] = await employer.PostJob(Body(i, JobsTestHooks.Now.AddDays(3))));

        var refused = await (await employer.Post("/api/jobs", Body(Cap))).Problem(HttpStatusCode.Conflict, "open-jobs-limit");
        Assert.Contains($"{Cap} open jobs", refused.GetProperty("detail").GetString());
        // A retried post of a job already open is still answered with that job.
        var again = await (await employer.Post("/api/jobs", Body(0, JobsTestHooks.Now.AddHours(1)), key)).Json(HttpStatusCode.Created);
        Assert.Equal(first, again.GetProperty("id").GetGuid());

        await (await employer.Post($"/api/jobs/{ids[1]}/cancel", new { reason = "Not needed" })).Json(HttpStatusCode.OK);
        await employer.PostJob(Body(Cap));
        await (await employer.Post("/api/jobs", Body(Cap + 1))).Problem(HttpStatusCode.Conflict, "open-jobs-limit");

        // The first job reaches its start with nobody accepted and expires: its place is free again.
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("expired", (await (await employer.Get($"/api/jobs/{first}")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        await employer.PostJob(Body(Cap + 1));
        await (await employer.Post("/api/jobs", Body(Cap + 2))).Problem(HttpStatusCode.Conflict, "open-jobs-limit");
    }

    [Fact]
    public async Task At_the_cap_the_list_drops_jobs_whose_post_never_got_written()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var list = fixture.Cluster.Client.GetGrain<IEmployerJobsGrain>(employer.Id);
        // Listed, then never written: what a post that failed after listing its job leaves behind.
        for (var i = 0; i < Cap; i++)
        {
            Assert.True(await list.TryAdd(Guid.NewGuid()));
        }

        // At the cap the list asks its open jobs, finds none of these posted, and takes the new one.
        var id = await employer.PostJob(Body(0));
        var mine = await (await employer.Get("/api/jobs/mine")).Json(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_list_keeps_the_newest_jobs_and_a_cursor_into_the_dropped_ones_ends_the_listing()
    {
        var list = fixture.Cluster.Client.GetGrain<IEmployerJobsGrain>(Guid.NewGuid());
        var posted = new List<Guid>();
        async Task PostAndCloseAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = Guid.NewGuid();
                Assert.True(await list.TryAdd(id));
                await list.Closed(id);
                posted.Add(id);
            }
        }

        await PostAndCloseAsync(150);
        var older = (await list.Page(null, 100)).NextCursor;
        Assert.NotNull(older);

        await PostAndCloseAsync(EmployerJobsGrain.MaxListed);
        var listed = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await list.Page(cursor, EmployerJobsGrain.MaxPageSize);
            Assert.False(page.BadCursor);
            listed.AddRange(page.JobIds);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(posted).Take(EmployerJobsGrain.MaxListed), listed);
        // That cursor pointed at jobs no longer listed: the listing ends there, it is not refused.
        var stale = await list.Page(older, 100);
        Assert.Equal((0, (string?)null, false), (stale.JobIds.Length, stale.NextCursor, stale.BadCursor));
    }
}
