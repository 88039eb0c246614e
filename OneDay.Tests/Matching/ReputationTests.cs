using System.Net;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Matching;

/// <summary>Job events feed reputations: a worked, rated shift shows in the worker's reliability and the employer's score.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReputationTests(ClusterFixture fixture)
{
    // Geomundo, where no other test has workers or jobs.
    private const double Latitude = 34.0286;
    private const double Longitude = 127.3079;

    /// <summary>Free every day, all day: the shift's time is wherever the tests' job clock stands.</summary>
    private static Dictionary<string, object?> AnyTime(double kmNorth)
    {
        var profile = MatchingApi.Profile(Latitude + (kmNorth * MatchingApi.KmOfLatitude), Longitude);
        profile["availability"] = Enum.GetNames<DayOfWeek>().Select(d => new { day = d.ToLowerInvariant(), start = "00:00", end = "24:00" }).ToArray();
        return profile;
    }

    [Fact]
    public async Task A_worked_and_rated_shift_shows_in_the_workers_reliability_and_the_employers_rating()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = await MatchingApi.WorkerWithProfile(fixture, AnyTime(0.5));
        var job = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: JobsTestHooks.Now.AddHours(2), hours: 4, headcount: 1, pay: 15_000));
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        var onSite = new { latitude = Latitude, longitude = Longitude };
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await worker.Post($"/api/jobs/{job}/check-in", onSite)).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{job}/check-out", onSite)).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{job}/confirm")).Json(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent,
            (await employer.Post($"/api/jobs/{job}/ratings", new { subjectId = worker.Id, stars = 5, comment = "Great work" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await worker.Post($"/api/jobs/{job}/ratings", new { subjectId = employer.Id, stars = 4, comment = "Fair boss" })).StatusCode);

        var newcomer = await MatchingApi.WorkerWithProfile(fixture, AnyTime(1));
        var next = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: JobsTestHooks.Now.AddDays(3), headcount: 2, pay: 15_000));

        // The worker's record, as the employer sees it among the next job's candidates.
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await employer.Get($"/api/jobs/{next}/candidates")).Json(HttpStatusCode.OK)).EnumerateArray()
                .Any(c => c.GetProperty("workerId").GetGuid() == worker.Id
                    && c.GetProperty("reliability").GetProperty("completedShifts").GetInt32() == 1
                    && c.GetProperty("reliability").GetProperty("ratingCount").GetInt32() == 1
                    && c.GetProperty("reliability").GetProperty("averageRating").GetDouble() == 5),
            TimeSpan.FromSeconds(30)));

        // The employer's rating, as a worker sees it in the score of the employer's next job.
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await newcomer.Get("/api/matching/recommendations")).Json(HttpStatusCode.OK)).EnumerateArray()
                .Where(r => r.GetProperty("jobId").GetGuid() == next)
                .SelectMany(r => r.GetProperty("factors").EnumerateArray())
                .Any(f => f.GetProperty("explanation").GetString() == "employer rated 4.0"),
            TimeSpan.FromSeconds(30)));
    }
}
