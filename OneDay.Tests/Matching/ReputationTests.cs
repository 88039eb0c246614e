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
        var job = await WorkedShift(employer, worker);
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

        // The employer's rating, as a worker sees it in the score of the employer's next job, and their record beside it.
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await newcomer.Get("/api/matching/recommendations")).Json(HttpStatusCode.OK)).EnumerateArray()
                .Where(r => r.GetProperty("jobId").GetGuid() == next)
                .Any(r => r.GetProperty("factors").EnumerateArray().Any(f => f.GetProperty("explanation").GetString() == "employer rated 4.0")
                    && EmployerRecord(r) == (1, 0, 1, 1)),
            TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Workers_see_an_employers_cancellations_and_shifts_left_to_confirm_themselves()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = await MatchingApi.WorkerWithProfile(fixture, AnyTime(2));

        // Cancelling a job nobody was accepted for lets nobody down; cancelling one with an accepted worker counts.
        var unstaffed = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: JobsTestHooks.Now.AddDays(2), headcount: 1, pay: 15_000));
        await (await employer.Post($"/api/jobs/{unstaffed}/cancel", new { reason = "Posted twice" })).Json(HttpStatusCode.OK);
        var cancelled = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: JobsTestHooks.Now.AddDays(2), headcount: 1, pay: 15_000));
        await Hire(employer, worker, cancelled);
        await (await employer.Post($"/api/jobs/{cancelled}/cancel", new { reason = "Order fell through" })).Json(HttpStatusCode.OK);

        var job = await WorkedShift(employer, worker);

        // Nobody confirms: a day after the shift's end it confirms itself and pays, later than the employer could have.
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(10));
        Assert.Equal("completed", (await (await worker.Get($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());

        var next = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: JobsTestHooks.Now.AddDays(3), headcount: 2, pay: 15_000));
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await worker.Get("/api/matching/recommendations")).Json(HttpStatusCode.OK)).EnumerateArray()
                .Any(r => r.GetProperty("jobId").GetGuid() == next && EmployerRecord(r) == (0, 1, 1, 0)),
            TimeSpan.FromSeconds(30)));
    }

    private static async Task Hire(ApiUser employer, ApiUser worker, Guid job)
    {
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
    }

    /// <summary>A four-hour shift starting in two hours, worked through to the check-out on the tests' clock, unconfirmed.</summary>
    private static async Task<Guid> WorkedShift(ApiUser employer, ApiUser worker)
    {
        var job = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: JobsTestHooks.Now.AddHours(2), hours: 4, headcount: 1, pay: 15_000));
        await Hire(employer, worker, job);
        var onSite = new { latitude = Latitude, longitude = Longitude };
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await worker.Post($"/api/jobs/{job}/check-in", onSite)).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{job}/check-out", onSite)).Json(HttpStatusCode.OK);
        return job;
    }

    private static (int Ratings, int Cancelled, int ShiftsPaid, int OnTime) EmployerRecord(System.Text.Json.JsonElement recommendation)
    {
        var employer = recommendation.GetProperty("employer");
        return (employer.GetProperty("ratingCount").GetInt32(), employer.GetProperty("acceptedShiftsCancelled").GetInt32(),
            employer.GetProperty("shiftsPaid").GetInt32(), employer.GetProperty("shiftsPaidOnTime").GetInt32());
    }
}
