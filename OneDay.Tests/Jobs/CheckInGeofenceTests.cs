using System.Net;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

/// <summary>Attendance on site: a job with a location takes check-in and check-out only with a position inside its radius.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CheckInGeofenceTests(ClusterFixture fixture)
{
    private const double Lat = 37.5665;
    private const double Lon = 126.9780;

    // 0.00225 degrees of latitude is about 250 m; the job's radius is 200 m.
    private static object Position(double metersNorth, double? accuracyMeters = null) =>
        new { latitude = Lat + (metersNorth / 111_195.0), longitude = Lon, accuracyMeters };

    [Fact]
    public async Task Check_in_and_check_out_without_a_position_are_refused()
    {
        var (worker, id) = await AcceptedWorkerAtTheStart();
        await (await worker.Post($"/api/jobs/{id}/check-in")).Problem(HttpStatusCode.UnprocessableEntity, "position-required");
        var mine = await (await worker.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("accepted", mine.GetProperty("status").GetString());

        await (await worker.Post($"/api/jobs/{id}/check-in", Position(10))).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{id}/check-out")).Problem(HttpStatusCode.UnprocessableEntity, "position-required");
        await (await worker.Post($"/api/jobs/{id}/check-out", Position(2000))).Problem(HttpStatusCode.UnprocessableEntity, "outside-checkin-radius");
        var checkedOut = await (await worker.Post($"/api/jobs/{id}/check-out", Position(-150))).Json(HttpStatusCode.OK);
        Assert.Equal("checkedOut", checkedOut.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_reported_accuracy_widens_the_radius_only_up_to_its_cap()
    {
        var (worker, id) = await AcceptedWorkerAtTheStart();
        await (await worker.Post($"/api/jobs/{id}/check-in", Position(250))).Problem(HttpStatusCode.UnprocessableEntity, "outside-checkin-radius");
        await (await worker.Post($"/api/jobs/{id}/check-in", Position(250, 30))).Problem(HttpStatusCode.UnprocessableEntity, "outside-checkin-radius");
        await (await worker.Post($"/api/jobs/{id}/check-in", Position(350, 5000))).Problem(HttpStatusCode.UnprocessableEntity, "outside-checkin-radius");
        await (await worker.Post($"/api/jobs/{id}/check-in", Position(250, -1))).Problem(HttpStatusCode.UnprocessableEntity, "validation");
        await (await worker.Post($"/api/jobs/{id}/check-in", new { latitude = Lat })).Problem(HttpStatusCode.BadRequest, "malformed-json");

        var checkedIn = await (await worker.Post($"/api/jobs/{id}/check-in", Position(250, 60))).Json(HttpStatusCode.OK);
        Assert.Equal("checkedIn", checkedIn.GetProperty("status").GetString());
    }

    private async Task<(ApiUser Worker, Guid Job)> AcceptedWorkerAtTheStart()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        var id = await employer.PostJob(JobsApi.JobBody(lat: Lat, lon: Lon, start: JobsTestHooks.Now.AddMinutes(20), hours: 3, headcount: 1));
        await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        await (await employer.Post($"/api/jobs/{id}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        return (worker, id);
    }
}
