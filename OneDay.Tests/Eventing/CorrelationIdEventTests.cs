using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Eventing;

/// <summary>
/// The X-Correlation-Id of a write reaches the events it causes, read back from the event store: every domain
/// reads it from the request context the gateway sets.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class CorrelationIdEventTests(EventsClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_jobs_events_carry_the_correlation_id_of_the_request_that_caused_each()
    {
        using var employer = fixture.ClientWithRoles("employer");
        using var admin = fixture.ClientWithRoles("admin");
        var posting = "post-" + Guid.NewGuid().ToString("N");
        var cancelling = "cancel-" + Guid.NewGuid().ToString("N");

        var created = await SendAsync(employer, "/api/jobs", JobsApi.JobBody(), posting);
        var jobId = (await created.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var cancelled = await SendAsync(employer, $"/api/jobs/{jobId}/cancel", new { reason = "No longer needed" }, cancelling);
        await cancelled.Json(HttpStatusCode.OK);

        Dictionary<string, string?> byType = [];
        await Eventually.HoldsAsync(
            async () => (byType = await CorrelationsAsync(admin, jobId)).Count >= 2, Timeout,
            async () => $"events of the job: {string.Join(", ", (await CorrelationsAsync(admin, jobId)).Keys)}");

        Assert.Equal(posting, byType["jobs.created"]);
        Assert.Equal(cancelling, byType["jobs.cancelled"]);
    }

    [Fact]
    public async Task A_users_registration_event_carries_the_correlation_id_of_its_request()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        using var admin = fixture.ClientWithRoles("admin");
        var registering = "register-" + Guid.NewGuid().ToString("N");
        var body = new { email = TestApi.NewEmail("correlated"), password = TestApi.Password, displayName = "Correlated", role = "worker" };

        var registered = await SendAsync(anonymous, "/api/users", body, registering);
        var userId = (await registered.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        Dictionary<string, string?> byType = [];
        await Eventually.HoldsAsync(
            async () => (byType = await CorrelationsAsync(admin, userId)).ContainsKey("users.registered"), Timeout,
            async () => $"events of the user: {string.Join(", ", (await CorrelationsAsync(admin, userId)).Keys)}");

        Assert.Equal(registering, byType["users.registered"]);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Correlation-Id", correlationId);
        return client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string?>> CorrelationsAsync(HttpClient admin, Guid aggregateId)
    {
        var body = await admin.GetFromJsonAsync<JsonElement>($"/api/analytics/events?aggregateId={aggregateId}&limit=100");
        return body.GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.GetProperty("type").GetString()!, e => e.GetProperty("correlationId").GetString());
    }
}
