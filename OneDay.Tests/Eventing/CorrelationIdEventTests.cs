using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Eventing;

/// <summary>The X-Correlation-Id of a write reaches the events it causes, read back from the event store.</summary>
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

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Correlation-Id", correlationId);
        return client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string?>> CorrelationsAsync(HttpClient admin, Guid jobId)
    {
        var body = await admin.GetFromJsonAsync<JsonElement>($"/api/analytics/events?aggregateId={jobId}&limit=100");
        return body.GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.GetProperty("type").GetString()!, e => e.GetProperty("correlationId").GetString());
    }
}
