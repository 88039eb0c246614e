using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Tests.Eventing;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Analytics;

/// <summary>The admin endpoints over real HTTP: dead letters and their replay, and the event store query.</summary>
[Collection(EventsCollection.Name)]
public sealed class EventStoreAdminApiTests(EventsClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_poison_event_lands_in_dead_letters_after_its_retries_and_replays_once_the_handler_is_fixed()
    {
        using var admin = fixture.ClientWithRoles("admin");
        var run = new EventRun(fixture.Grains, "poison", 1, 3);
        var key = run.Keys[0];
        TestConsumerGrain.Poisoned[key] = true;
        try
        {
            // Sequence 1 of 0..2 is the poison one; the others must still be applied.
            await fixture.Grains.GetGrain<ITestProducerGrain>(key).EmitUntil(3, poison: true);
            JsonElement deadLetter = default;
            await Eventually.HoldsAsync(async () =>
            {
                var found = await DeadLettersForAsync(admin, key);
                deadLetter = found.FirstOrDefault();
                return found.Count == 1;
            }, Timeout, async () => $"dead letters for {key}: {(await DeadLettersForAsync(admin, key)).Count}");

            Assert.Equal(4, deadLetter.GetProperty("attempts").GetInt32());
            Assert.Equal("pending", deadLetter.GetProperty("status").GetString());
            Assert.Equal("analytics.test-ticked", deadLetter.GetProperty("type").GetString());
            Assert.Contains("poison event 1", deadLetter.GetProperty("error").GetString(), StringComparison.Ordinal);
            await Eventually.HoldsAsync(
                async () => (await run.StatsAsync())[0].Sequences.SequenceEqual([0, 2]), Timeout,
                async () => string.Join(',', (await run.StatsAsync())[0].Sequences));

            var id = deadLetter.GetProperty("id").GetGuid();
            var stillFailing = await admin.PostAsync($"/api/analytics/events/dead-letters/{id}/replay", null);
            Assert.Equal(HttpStatusCode.Conflict, stillFailing.StatusCode);
            Assert.Equal("application/problem+json", stillFailing.Content.Headers.ContentType?.MediaType);

            TestConsumerGrain.Poisoned.TryRemove(key, out _);
            var replayed = await admin.PostAsync($"/api/analytics/events/dead-letters/{id}/replay", null);
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
            // Replaying again is harmless: the consumer applies a dead-lettered event at most once.
            var again = await admin.PostAsync($"/api/analytics/events/dead-letters/{id}/replay", null);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("replayed", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());

            await run.AssertExactlyOnceAsync();
            var listed = (await DeadLettersForAsync(admin, key)).Single();
            Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("replayedAt").ValueKind);
            Assert.Equal("replayed", listed.GetProperty("status").GetString());
        }
        finally
        {
            TestConsumerGrain.Poisoned.TryRemove(key, out _);
        }
    }

    [Fact]
    public async Task Replay_answers_problems_for_bad_and_unknown_ids()
    {
        using var admin = fixture.ClientWithRoles("admin");

        var bad = await admin.PostAsync("/api/analytics/events/dead-letters/not-a-guid/replay", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);

        var unknown = await admin.PostAsync($"/api/analytics/events/dead-letters/{Guid.NewGuid()}/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Every_event_is_in_the_store_and_pages_by_cursor_with_filters()
    {
        using var admin = fixture.ClientWithRoles("admin");
        var run = new EventRun(fixture.Grains, "store", 1, 5);
        var key = run.Keys[0];
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await run.ProduceAsync(perCall: 5);

        await Eventually.HoldsAsync(
            async () => (await GetEventsAsync(admin, $"aggregateId={key}&limit=500")).Items.Count == 5, Timeout,
            async () => $"{(await GetEventsAsync(admin, $"aggregateId={key}&limit=500")).Items.Count} of 5 stored");

        var pages = new List<List<JsonElement>>();
        string? cursor = null;
        do
        {
            var page = await GetEventsAsync(admin, $"aggregateId={key}&type=analytics.test-ticked&from={Uri.EscapeDataString(before.ToString("O"))}&limit=2" +
                (cursor is null ? string.Empty : $"&cursor={cursor}"));
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        var sequences = pages.SelectMany(p => p).Select(e => e.GetProperty("payload").GetProperty("sequence").GetInt32());
        Assert.Equal([0, 1, 2, 3, 4], sequences.Order());
        Assert.Empty((await GetEventsAsync(admin, $"aggregateId={key}&type=users.registered")).Items);
        Assert.Empty((await GetEventsAsync(admin, $"aggregateId={key}&to={Uri.EscapeDataString(before.ToString("O"))}")).Items);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-11-24T10:00:00", "to")]
    [InlineData("from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z", "to")]
    [InlineData("cursor=%%%", "cursor")]
    [InlineData("cursor=bm9wZQ", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=100000", "limit")]
    [InlineData("aggregate=x", "aggregate")]
    [InlineData("type=a&type=b", "type")]
    public async Task Bad_query_parameters_are_400_problems_naming_the_field(string query, string field)
    {
        using var admin = fixture.ClientWithRoles("admin");

        var response = await admin.GetAsync($"/api/analytics/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("GET", "/api/analytics/events")]
    [InlineData("GET", "/api/analytics/events/dead-letters")]
    [InlineData("POST", "/api/analytics/events/dead-letters/00000000-0000-0000-0000-000000000001/replay")]
    public async Task Only_admins_reach_the_analytics_endpoints(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.Address };
        using var worker = fixture.ClientWithRoles("worker");

        var signedOut = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var notAdmin = await worker.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }

    private static async Task<List<JsonElement>> DeadLettersForAsync(HttpClient admin, string aggregateId)
    {
        var body = await admin.GetFromJsonAsync<JsonElement>("/api/analytics/events/dead-letters?limit=500");
        return body.GetProperty("items").EnumerateArray()
            .Where(d => d.GetProperty("aggregateId").GetString() == aggregateId)
            .ToList();
    }

    private static async Task<(List<JsonElement> Items, string? NextCursor)> GetEventsAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"/api/analytics/events?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var next = body.GetProperty("nextCursor");
        return (body.GetProperty("items").EnumerateArray().ToList(), next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }
}
