using System.Net;
using System.Text.Json;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Matching;

/// <summary>GET /api/matching/recommendations: open jobs through the hard rules and the score, from the search read model.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RecommendationTests(ClusterFixture fixture)
{
    // Jeju, where no other test posts jobs.
    private const double HomeLatitude = 33.4996;
    private const double HomeLongitude = 126.5312;

    private static async Task<Guid> Post(ApiUser employer, double kmNorth, long pay, DateTimeOffset start, string title) =>
        await employer.PostJob(JobsApi.JobBody(lat: HomeLatitude + (kmNorth * MatchingApi.KmOfLatitude), lon: HomeLongitude, start: start, pay: pay, title: title));

    [Fact]
    public async Task Only_jobs_within_every_hard_rule_come_back_best_first_with_a_score_made_of_its_factors()
    {
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Get("/api/matching/recommendations")).Problem(HttpStatusCode.NotFound, "not-found");
        await (await worker.Put("/api/matching/profile", MatchingApi.Profile(HomeLatitude, HomeLongitude))).Json(HttpStatusCode.OK);

        var employer = ApiUser.Create(fixture, "employer");
        var blockedEmployer = ApiUser.Create(fixture, "employer");
        var tuesday = MatchingApi.NextTuesdayAt(10);
        var near = await Post(employer, 1, 15_000, tuesday, "near and well paid");
        var farther = await Post(employer, 3, 12_000, tuesday, "farther, at my minimum");
        await Post(employer, 20, 15_000, tuesday, "beyond my travel distance");
        await Post(employer, 1, 11_000, tuesday, "below my minimum");
        await Post(employer, 1, 15_000, tuesday.AddDays(1), "on a day I do not work");
        await Post(employer, 1, 15_000, tuesday.AddHours(6), "ends after my window");
        await Post(blockedEmployer, 1, 20_000, tuesday, "from someone I blocked");
        Assert.Equal(HttpStatusCode.NoContent, (await worker.Put($"/api/communication/blocks/{blockedEmployer.Id}", new { })).StatusCode);

        var recommended = await Recommendations(worker);
        Assert.Equal([near, farther], recommended.Select(r => r.GetProperty("jobId").GetGuid()));
        var best = recommended[0];
        Assert.True(best.GetProperty("score").GetDouble() > recommended[1].GetProperty("score").GetDouble());
        var factors = best.GetProperty("factors").EnumerateArray().ToList();
        Assert.Equal(best.GetProperty("score").GetDouble(), factors.Sum(f => f.GetProperty("contribution").GetDouble()), 9);
        Assert.Contains(factors, f => f.GetProperty("explanation").GetString() == "1 of 1 skills");
        Assert.Contains("within your 5 km", factors.Single(f => f.GetProperty("name").GetString() == "distance").GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal("fits your Tuesday 09:00-18:00 window", best.GetProperty("window").GetString());
        Assert.InRange(best.GetProperty("distanceKm").GetDouble(), 0.9, 1.1);

        // Applied to, it is no longer recommended.
        await (await worker.Post($"/api/jobs/{near}/applications")).Json(HttpStatusCode.Created);
        Assert.Equal([farther], (await Recommendations(worker)).Select(r => r.GetProperty("jobId").GetGuid()));
    }

    [Fact]
    public async Task A_bad_limit_is_a_problem_and_employers_get_no_recommendations()
    {
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Get("/api/matching/recommendations?limit=0")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await worker.Get("/api/matching/recommendations?limit=abc")).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiUser.Create(fixture, "employer").Get("/api/matching/recommendations")).StatusCode);
    }

    private static async Task<List<JsonElement>> Recommendations(ApiUser worker) =>
        [.. (await (await worker.Get("/api/matching/recommendations")).Json(HttpStatusCode.OK)).EnumerateArray()];
}
