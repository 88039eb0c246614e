using System.Net;
using System.Text.Json;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Hosting;

/// <summary>
/// The gateway answers repeated public reads (a profile, a job) from memory for a moment, and its own
/// writes drop the cached answer at once. A replayed answer carries an Age header, which is how these
/// tests tell a cache hit from a grain call.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PublicReadCacheTests(ClusterFixture fixture)
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task A_public_profile_is_replayed_with_the_callers_own_correlation_id_and_an_edit_shows_at_once()
    {
        var user = await Api.RegisterAsync("worker");
        var viewer = await Api.RegisterAsync("employer");
        var path = $"/api/users/{user.Id}";

        var replayed = await ReadUntilReplayedAsync(() => Api.SendAsync(HttpMethod.Get, path, viewer.AccessToken, configure: r => r.Headers.Add("X-Correlation-Id", "second-read")));
        Assert.Equal("second-read", replayed.Headers.GetValues("X-Correlation-Id").Single());

        var update = await Api.SendAsync(HttpMethod.Put, "/api/users/me", user.AccessToken, new { displayName = "Renamed Worker" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        var after = await Api.SendAsync(HttpMethod.Get, path, viewer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.False(after.Headers.Age.HasValue, "the edit should have evicted the cached profile");
        Assert.Equal("Renamed Worker", (await Json(after)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Erasing_an_account_drops_its_cached_public_view_at_once()
    {
        var user = await Api.RegisterAsync("worker");
        var viewer = await Api.RegisterAsync("worker");
        var path = $"/api/users/{user.Id}";
        await ReadUntilReplayedAsync(() => Api.SendAsync(HttpMethod.Get, path, viewer.AccessToken));

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/api/users/me", user.AccessToken)).StatusCode);

        var after = await Api.SendAsync(HttpMethod.Get, path, viewer.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Writes_to_a_job_through_the_gateway_evict_its_cached_view()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody(title: "Dishwasher"));
        var path = $"/api/jobs/{id}";

        var cached = await ReadUntilReplayedAsync(() => worker.Get(path));
        var edit = await employer.Put(path, JobsApi.JobBody(title: "Head dishwasher"), new Dictionary<string, string> { ["If-Match"] = cached.Headers.ETag!.Tag });
        await edit.Json(HttpStatusCode.OK);

        var afterEdit = await worker.Get(path);
        Assert.False(afterEdit.Headers.Age.HasValue, "the edit should have evicted the cached job");
        Assert.Equal("Head dishwasher", (await afterEdit.Json(HttpStatusCode.OK)).GetProperty("title").GetString());
        Assert.Equal(edit.Headers.ETag!.Tag, afterEdit.Headers.ETag!.Tag);

        // Any write endpoint under the job evicts it, whatever it changed: here an application.
        await ReadUntilReplayedAsync(() => worker.Get(path));
        await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        Assert.False((await worker.Get(path)).Headers.Age.HasValue, "the application should have evicted the cached job");
    }

    [Fact]
    public async Task A_client_that_asks_for_no_cache_gets_a_fresh_read_and_problems_are_never_cached()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var id = await employer.PostJob(JobsApi.JobBody());
        await ReadUntilReplayedAsync(() => employer.Get($"/api/jobs/{id}"));

        var fresh = await employer.Send(HttpMethod.Get, $"/api/jobs/{id}", headers: new Dictionary<string, string> { ["Cache-Control"] = "no-cache" });
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.False(fresh.Headers.Age.HasValue);

        var unknown = $"/api/jobs/{Guid.NewGuid()}";
        for (var i = 0; i < 3; i++)
        {
            var missing = await employer.Get(unknown);
            await missing.Problem(HttpStatusCode.NotFound, "job-not-found");
            Assert.False(missing.Headers.Age.HasValue);
        }
    }

    /// <summary>
    /// Reads until an answer comes from the cache. Two reads in a row normally do it; the loop only
    /// absorbs a slow machine where the cached entry expired between them.
    /// </summary>
    private static async Task<HttpResponseMessage> ReadUntilReplayedAsync(Func<Task<HttpResponseMessage>> read)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var response = await read();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (response.Headers.Age.HasValue)
            {
                return response;
            }
        }

        Assert.Fail("twenty reads in a row never came from the gateway's read cache");
        return null!;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
