using System.Net;
using System.Text.Json;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Communication;

/// <summary>
/// The inbox over HTTP, fed by the real producers: registration welcomes, the application saga tells the employer
/// and the worker, a settled shift tells the worker it was paid. Read marks, paging, preferences and bad input.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationInboxTests(ClusterFixture fixture)
{
    private const double Lat = 37.5665;
    private const double Lon = 126.9780;
    private static readonly object OnSite = new { latitude = Lat, longitude = Lon };

    private static Dictionary<string, object?> Shift(DateTimeOffset start, int headcount = 1) =>
        JobsApi.JobBody(lat: Lat, lon: Lon, start: start, hours: 4, pay: 200_000, payKind: "perShift", headcount: headcount);

    private static async Task<JsonElement[]> Notifications(ApiUser user, string query = "")
    {
        var page = await (await user.Get("/api/communication/notifications" + query)).Json(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Notifications arrive from the event streams, so a test waits for the one it expects.</summary>
    private static async Task<JsonElement> Eventually(ApiUser user, string kind, Guid? jobId = null)
    {
        JsonElement? found = null;
        Assert.True(await JobsApi.Eventually(async () =>
        {
            found = (await Notifications(user)).FirstOrDefault(n => n.GetProperty("kind").GetString() == kind
                && (jobId is null || n.GetProperty("jobId").GetGuid() == jobId));
            return found.Value.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(15)), $"No {kind} notification arrived.");
        return found!.Value;
    }

    private ApiUser Registered(TestUser user) => new(fixture, user.Id, user.AccessToken);

    [Fact]
    public async Task A_new_user_is_welcomed_once()
    {
        var user = Registered(await fixture.Api.RegisterAsync("worker"));

        var welcome = await Eventually(user, NotificationKinds.Welcome);

        Assert.Equal(JsonValueKind.Null, welcome.GetProperty("readAt").ValueKind);
        Assert.Single(await Notifications(user));
        Assert.Equal(1, (await (await user.Get("/api/communication/notifications/unread-count")).Json(HttpStatusCode.OK))
            .GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task The_employer_hears_of_an_application_and_the_workers_of_the_answers()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        ApiUser chosen = ApiUser.Create(fixture, "worker"), declined = ApiUser.Create(fixture, "worker");
        var job = await employer.PostJob(Shift(JobsTestHooks.Now.AddDays(3)));
        await (await chosen.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await (await declined.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);

        var received = await Eventually(employer, NotificationKinds.ApplicationReceived, job);
        Assert.True(await JobsApi.Eventually(async () => (await Notifications(employer)).Length == 2, TimeSpan.FromSeconds(15)));
        Assert.Contains(received.GetProperty("counterpartId").GetGuid(), new[] { chosen.Id, declined.Id });

        await (await employer.Post($"/api/jobs/{job}/applications/{chosen.Id}/accept")).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{job}/applications/{declined.Id}/reject")).Json(HttpStatusCode.OK);

        var accepted = await Eventually(chosen, NotificationKinds.ApplicationAccepted, job);
        Assert.Equal(employer.Id, accepted.GetProperty("counterpartId").GetGuid());
        await Eventually(declined, NotificationKinds.ApplicationRejected, job);
        // Nobody hears what concerns someone else.
        Assert.DoesNotContain(await Notifications(chosen), n => n.GetProperty("kind").GetString() == NotificationKinds.ApplicationRejected);
        Assert.DoesNotContain(await Notifications(employer), n => n.GetProperty("kind").GetString() != NotificationKinds.ApplicationReceived);
    }

    [Fact]
    public async Task A_worker_hears_their_shift_was_paid_with_the_net_pay()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        var job = await employer.PostJob(Shift(JobsTestHooks.Now.AddHours(2)));
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await worker.Post($"/api/jobs/{job}/check-in", OnSite)).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{job}/check-out", OnSite)).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{job}/confirm")).Json(HttpStatusCode.OK);

        var paid = await Eventually(worker, NotificationKinds.ShiftPaid, job);

        Assert.Equal(198_515, paid.GetProperty("amountKrw").GetInt64());
        Assert.Equal(employer.Id, paid.GetProperty("counterpartId").GetGuid());
    }

    [Fact]
    public async Task A_cancelled_job_tells_its_accepted_workers_and_not_the_others()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        ApiUser accepted = ApiUser.Create(fixture, "worker"), pending = ApiUser.Create(fixture, "worker"), withdrawn = ApiUser.Create(fixture, "worker");
        var job = await employer.PostJob(Shift(JobsTestHooks.Now.AddDays(5), headcount: 3));
        foreach (var worker in new[] { accepted, pending, withdrawn })
        {
            await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        }

        await (await employer.Post($"/api/jobs/{job}/applications/{accepted.Id}/accept")).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{job}/applications/{withdrawn.Id}/accept")).Json(HttpStatusCode.OK);
        await (await withdrawn.Delete($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{job}/cancel", new { reason = "The event was called off" })).Json(HttpStatusCode.OK);

        var cancelled = await Eventually(accepted, NotificationKinds.ShiftCancelled, job);
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("counterpartId").ValueKind);
        Assert.DoesNotContain(await Notifications(accepted), n => n.GetProperty("kind").GetString() == NotificationKinds.ApplicationRejected);
        // The applicant still waiting hears their application was closed; who had withdrawn hears nothing more.
        await Eventually(pending, NotificationKinds.ApplicationRejected, job);
        Assert.DoesNotContain(await Notifications(pending), n => n.GetProperty("kind").GetString() == NotificationKinds.ShiftCancelled);
        Assert.DoesNotContain(await Notifications(withdrawn), n => n.GetProperty("kind").GetString()
            is NotificationKinds.ShiftCancelled or NotificationKinds.ApplicationRejected);
    }

    [Fact]
    public async Task Read_marks_count_down_and_pages_walk_the_inbox_newest_first()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var job = await employer.PostJob(Shift(JobsTestHooks.Now.AddDays(3), headcount: 5));
        for (var i = 0; i < 5; i++)
        {
            await (await ApiUser.Create(fixture, "worker").Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        }

        Assert.True(await JobsApi.Eventually(async () => (await Notifications(employer)).Length == 5, TimeSpan.FromSeconds(15)));
        var first = await (await employer.Get("/api/communication/notifications?limit=2")).Json(HttpStatusCode.OK);
        var second = await (await employer.Get($"/api/communication/notifications?limit=2&before={first.GetProperty("nextBefore").GetInt64()}"))
            .Json(HttpStatusCode.OK);
        var third = await (await employer.Get($"/api/communication/notifications?limit=2&before={second.GetProperty("nextBefore").GetInt64()}"))
            .Json(HttpStatusCode.OK);
        var walked = new[] { first, second, third }.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(n => n.GetProperty("id").GetGuid()).ToList();
        Assert.Equal((await Notifications(employer)).Select(n => n.GetProperty("id").GetGuid()), walked);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextBefore").ValueKind);

        var newest = walked[0];
        Assert.Equal(HttpStatusCode.NoContent, (await employer.Post($"/api/communication/notifications/{newest}/read")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await employer.Post($"/api/communication/notifications/{newest}/read")).StatusCode);
        var unread = await (await employer.Get("/api/communication/notifications?unread=true")).Json(HttpStatusCode.OK);
        Assert.Equal(4, unread.GetProperty("unreadCount").GetInt32());
        Assert.DoesNotContain(unread.GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetGuid() == newest);
        Assert.NotEqual(JsonValueKind.Null, (await Notifications(employer))[0].GetProperty("readAt").ValueKind);

        var all = await (await employer.Post("/api/communication/notifications/read")).Json(HttpStatusCode.OK);
        Assert.Equal((4, 0), (all.GetProperty("marked").GetInt32(), all.GetProperty("unreadCount").GetInt32()));

        // Someone else's notification is not in my inbox.
        await (await ApiUser.Create(fixture, "worker").Post($"/api/communication/notifications/{newest}/read")).Problem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_kind_turned_off_stays_out_of_the_inbox_and_others_still_arrive()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var preferences = await (await employer.Send(HttpMethod.Patch, "/api/communication/notifications/preferences",
            new { inApp = new Dictionary<string, bool> { [NotificationKinds.ApplicationReceived] = false } })).Json(HttpStatusCode.OK);
        Assert.False(preferences.GetProperty("inApp").GetProperty(NotificationKinds.ApplicationReceived).GetBoolean());
        Assert.True(preferences.GetProperty("inApp").GetProperty(NotificationKinds.ShiftPaid).GetBoolean());
        var stored = await (await employer.Get("/api/communication/notifications/preferences")).Json(HttpStatusCode.OK);
        Assert.False(stored.GetProperty("inApp").GetProperty(NotificationKinds.ApplicationReceived).GetBoolean());

        var job = await employer.PostJob(Shift(JobsTestHooks.Now.AddDays(3)));
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        // The saga's communication step has run once it records what it did.
        Assert.True(await JobsApi.Eventually(async () =>
            (await fixture.Cluster.Client.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent()).Length == 1, TimeSpan.FromSeconds(15)));
        Assert.Empty(await Notifications(employer));

        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        await Eventually(worker, NotificationKinds.ApplicationAccepted, job);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?before=-3", "before")]
    [InlineData("?before=abc", "before")]
    [InlineData("?unread=maybe", "unread")]
    public async Task A_bad_query_is_a_validation_problem(string query, string field)
    {
        var problem = await (await ApiUser.Create(fixture, "worker").Get("/api/communication/notifications" + query))
            .Problem(HttpStatusCode.BadRequest, "validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Bad_preferences_are_refused_and_change_nothing()
    {
        var user = ApiUser.Create(fixture, "worker");
        var unknown = await (await user.Send(HttpMethod.Patch, "/api/communication/notifications/preferences",
            new { inApp = new Dictionary<string, bool> { ["<script>"] = false, [NotificationKinds.ShiftPaid] = false } }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(unknown.GetProperty("errors").TryGetProperty("inApp.<script>", out _), unknown.ToString());
        await (await user.Send(HttpMethod.Patch, "/api/communication/notifications/preferences", new { })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await user.Send(HttpMethod.Patch, "/api/communication/notifications/preferences", new { inApp = new { welcome = "no" } }))
            .Problem(HttpStatusCode.BadRequest, "malformed-json");

        var stored = await (await user.Get("/api/communication/notifications/preferences")).Json(HttpStatusCode.OK);
        Assert.All(stored.GetProperty("inApp").EnumerateObject(), p => Assert.True(p.Value.GetBoolean()));
    }

    [Fact]
    public async Task The_inbox_needs_a_signed_in_user()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Http.GetAsync("/api/communication/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Http.PostAsync("/api/communication/notifications/read", null)).StatusCode);
    }
}
