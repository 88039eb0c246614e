using System.Net;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Matching;

/// <summary>POST /api/jobs/{id}/invitations: an employer invites a candidate, who is told once and whose answer is timed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InvitationTests(ClusterFixture fixture)
{
    // Heuksando, where no other test has workers or jobs.
    private const double Latitude = 34.6836;
    private const double Longitude = 125.4353;

    [Fact]
    public async Task An_invited_worker_is_told_once_and_answering_shows_in_their_reliability()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var job = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(10), pay: 15_000));
        var worker = await MatchingApi.WorkerWithProfile(fixture, MatchingApi.Profile(Latitude + MatchingApi.KmOfLatitude, Longitude));

        var invitation = await (await employer.Post($"/api/jobs/{job}/invitations", new { workerId = worker.Id })).Json(HttpStatusCode.Created);
        Assert.Equal(worker.Id, invitation.GetProperty("workerId").GetGuid());
        await (await employer.Post($"/api/jobs/{job}/invitations", new { workerId = worker.Id })).Json(HttpStatusCode.OK);
        var told = await worker.Notifications(NotificationKinds.JobInvitation);
        Assert.Equal(job, Assert.Single(told).GetProperty("jobId").GetGuid());
        Assert.Equal(employer.Id, told[0].GetProperty("counterpartId").GetGuid());

        // Eventually: the silos read the worker cells at most a second old (SharedWorkerCells).
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await employer.Get($"/api/jobs/{job}/candidates")).Json(HttpStatusCode.OK)).EnumerateArray()
                .Any(c => c.GetProperty("workerId").GetGuid() == worker.Id
                    && c.GetProperty("invitedAt").GetDateTimeOffset() == invitation.GetProperty("invitedAt").GetDateTimeOffset()),
            TimeSpan.FromSeconds(10)));

        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await employer.Get($"/api/jobs/{job}/invitations")).Json(HttpStatusCode.OK))[0].GetProperty("answeredAt").ValueKind
                == System.Text.Json.JsonValueKind.String,
            TimeSpan.FromSeconds(20)));
        await (await employer.Post($"/api/jobs/{job}/invitations", new { workerId = Guid.NewGuid() })).Problem(HttpStatusCode.UnprocessableEntity, "not-a-candidate");

        // Another of the employer's jobs sees the answer in the worker's reliability (the read model follows the event).
        var next = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(10).AddDays(7), pay: 15_000));
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await employer.Get($"/api/jobs/{next}/candidates")).Json(HttpStatusCode.OK)).EnumerateArray()
                .Any(c => c.GetProperty("workerId").GetGuid() == worker.Id
                    && c.GetProperty("reliability").GetProperty("invitationsAnswered").GetInt32() == 1),
            TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Workers_who_are_not_candidates_or_applied_are_refused_and_nobody_else_invites()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var job = await employer.PostJob(JobsApi.JobBody(lat: Latitude, lon: Longitude, start: MatchingApi.NextTuesdayAt(12), pay: 15_000));
        var far = await MatchingApi.WorkerWithProfile(fixture, MatchingApi.Profile(Latitude + (20 * MatchingApi.KmOfLatitude), Longitude));
        var refused = await (await employer.Post($"/api/jobs/{job}/invitations", new { workerId = far.Id }))
            .Problem(HttpStatusCode.UnprocessableEntity, "not-a-candidate");
        Assert.Contains("beyond their travel distance", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await far.Notifications(NotificationKinds.JobInvitation));

        var applicant = await MatchingApi.WorkerWithProfile(fixture, MatchingApi.Profile(Latitude, Longitude));
        await (await applicant.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await (await employer.Post($"/api/jobs/{job}/invitations", new { workerId = applicant.Id })).Problem(HttpStatusCode.Conflict, "already-applied");

        await (await employer.Post($"/api/jobs/{job}/invitations", new { })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await ApiUser.Create(fixture, "employer").Post($"/api/jobs/{job}/invitations", new { workerId = applicant.Id }))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await ApiUser.Create(fixture, "employer").Get($"/api/jobs/{job}/invitations")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await employer.Post($"/api/jobs/{Guid.NewGuid()}/invitations", new { workerId = applicant.Id })).Problem(HttpStatusCode.NotFound, "job-not-found");
        Assert.Empty((await (await employer.Get($"/api/jobs/{job}/invitations")).Json(HttpStatusCode.OK)).EnumerateArray());
    }
}
