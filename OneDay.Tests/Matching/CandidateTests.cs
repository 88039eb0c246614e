using System.Net;
using System.Text.Json;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Matching;

/// <summary>GET /api/jobs/{id}/candidates: workers through the hard rules and the score, from the worker read model.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CandidateTests(ClusterFixture fixture)
{
    // Ulleungdo, where no other test has workers or jobs.
    private const double Latitude = 37.4845;
    private const double Longitude = 130.9057;

    private Task<ApiUser> Worker(double kmNorth, double maxTravelKm = 5, long minimumPay = 12_000, int level = 4, string day = "tuesday")
    {
        var profile = MatchingApi.Profile(Latitude + (kmNorth * MatchingApi.KmOfLatitude), Longitude, maxTravelKm, minimumPay, level);
        profile["availability"] = new[] { new { day, start = "09:00", end = "18:00" } };
        return MatchingApi.WorkerWithProfile(fixture, profile);
    }

    [Fact]
    public async Task Only_workers_within_every_hard_rule_come_back_scored_as_they_see_the_job()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var job = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(10), pay: 15_000));
        var near = await Worker(1, level: 5);
        var farther = await Worker(3, level: 2);
        await Worker(20);
        await Worker(1, minimumPay: 20_000);
        await Worker(1, day: "wednesday");
        var blocking = await Worker(1);
        Assert.Equal(HttpStatusCode.NoContent, (await blocking.Put($"/api/communication/blocks/{employer.Id}", new { })).StatusCode);
        var applied = await Worker(1);
        await (await applied.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);

        // The silos read the worker cells at most a second old (SharedWorkerCells), and the job's own alert read them
        // before these profiles were saved.
        List<JsonElement> candidates = [];
        Assert.True(await JobsApi.Eventually(
            async () => (candidates = await Candidates(employer, job)).Select(c => c.GetProperty("workerId").GetGuid()).SequenceEqual([near.Id, farther.Id]),
            TimeSpan.FromSeconds(10)), string.Join(", ", candidates.Select(c => c.GetProperty("workerId").GetGuid())));
        var best = candidates[0];
        var factors = best.GetProperty("factors").EnumerateArray().ToList();
        Assert.Equal(best.GetProperty("score").GetDouble(), factors.Sum(f => f.GetProperty("contribution").GetDouble()), 9);
        Assert.Equal("espresso", best.GetProperty("skills")[0].GetProperty("name").GetString());
        Assert.Equal(0, best.GetProperty("reliability").GetProperty("completedShifts").GetInt32());
        Assert.InRange(best.GetProperty("distanceKm").GetDouble(), 0.9, 1.1);
        Assert.Equal(JsonValueKind.Null, best.GetProperty("invitedAt").ValueKind);

        // The same pair, the same score, whichever side asks.
        var recommended = (await (await near.Get("/api/matching/recommendations")).Json(HttpStatusCode.OK)).EnumerateArray()
            .Single(r => r.GetProperty("jobId").GetGuid() == job);
        Assert.Equal(best.GetProperty("score").GetDouble(), recommended.GetProperty("score").GetDouble(), 12);
    }

    [Fact]
    public async Task Only_the_jobs_employer_asks_for_an_open_job_with_a_sane_limit()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var job = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(11)));
        await (await ApiUser.Create(fixture, "employer").Get($"/api/jobs/{job}/candidates")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiUser.Create(fixture, "worker").Get($"/api/jobs/{job}/candidates")).StatusCode);
        await (await employer.Get($"/api/jobs/{Guid.NewGuid()}/candidates")).Problem(HttpStatusCode.NotFound, "job-not-found");
        await (await employer.Get($"/api/jobs/{job}/candidates?limit=0")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Get($"/api/jobs/{job}/candidates?limit=51")).Problem(HttpStatusCode.BadRequest, "validation");

        await (await employer.Post($"/api/jobs/{job}/cancel", new { reason = "plans changed" })).Json(HttpStatusCode.OK);
        await (await employer.Get($"/api/jobs/{job}/candidates")).Problem(HttpStatusCode.Conflict, "job-closed");
    }

    private static async Task<List<JsonElement>> Candidates(ApiUser employer, Guid job) =>
        [.. (await (await employer.Get($"/api/jobs/{job}/candidates")).Json(HttpStatusCode.OK)).EnumerateArray()];
}
