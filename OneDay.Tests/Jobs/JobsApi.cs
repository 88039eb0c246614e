using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

/// <summary>A signed-in test user: a real JWT from the gateway's issuer, sent on every request.</summary>
public sealed class ApiUser(ClusterFixture fixture, Guid id, string token)
{
    public Guid Id { get; } = id;

    public static ApiUser Create(ClusterFixture fixture, params string[] roles)
    {
        var id = Guid.NewGuid();
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(id, Guid.NewGuid(), roles).Token;
        return new ApiUser(fixture, id, token);
    }

    public Task<HttpResponseMessage> Get(string path) => Send(HttpMethod.Get, path);

    public Task<HttpResponseMessage> Post(string path, object? body = null, IDictionary<string, string>? headers = null) =>
        Send(HttpMethod.Post, path, body, headers);

    public Task<HttpResponseMessage> Put(string path, object body, IDictionary<string, string>? headers = null) =>
        Send(HttpMethod.Put, path, body, headers);

    public Task<HttpResponseMessage> Delete(string path) => Send(HttpMethod.Delete, path);

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await fixture.Http.SendAsync(request);
    }
}

public static class JobsApi
{
    /// <summary>A valid job body; callers change what their test is about.</summary>
    public static Dictionary<string, object?> JobBody(
        double lat = 37.5665, double lon = 126.9780, DateTimeOffset? start = null, double hours = 4, long pay = 12_000,
        string payKind = "perHour", int headcount = 2, string category = "cafe", string title = "Barista for a day")
    {
        var startsAt = start ?? JobsTestHooks.Now.AddDays(1);
        return new Dictionary<string, object?>
        {
            ["title"] = title,
            ["description"] = "Make coffee, keep the counter clean.",
            ["category"] = category,
            ["location"] = new Dictionary<string, object?> { ["latitude"] = lat, ["longitude"] = lon, ["address"] = "1 Sejong-daero, Seoul" },
            ["startsAt"] = startsAt.UtcDateTime,
            ["endsAt"] = startsAt.AddHours(hours).UtcDateTime,
            ["pay"] = new Dictionary<string, object?> { ["amountKrw"] = pay, ["kind"] = payKind },
            ["headcount"] = headcount,
            ["requiredSkills"] = new[] { "espresso" },
            ["checkInRadiusMeters"] = 200,
        };
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem of the given status and stable type suffix.</summary>
    public static async Task<JsonElement> Problem(this HttpResponseMessage response, HttpStatusCode expected, string type)
    {
        var json = await response.Json(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://oneday.dev/problems/" + type, json.GetProperty("type").GetString());
        return json;
    }

    public static async Task<Guid> PostJob(this ApiUser employer, Dictionary<string, object?> body)
    {
        var json = await (await employer.Post("/api/jobs", body)).Json(HttpStatusCode.Created);
        return json.GetProperty("id").GetGuid();
    }

    /// <summary>Waits until the job's analytics consumer, fed through the job's two streams, has seen every event type.</summary>
    public static Task AssertEventsRecorded(ClusterFixture fixture, Guid jobId, params string[] types) =>
        AssertEventsRecorded(fixture, jobId, TimeSpan.FromSeconds(10), types);

    public static async Task AssertEventsRecorded(ClusterFixture fixture, Guid jobId, TimeSpan within, params string[] types)
    {
        var analytics = fixture.Cluster.Client.GetGrain<IJobAnalyticsGrain>(jobId.ToString());
        IReadOnlyDictionary<string, int> counts = new Dictionary<string, int>();
        var recorded = await Eventually(async () =>
        {
            counts = (await analytics.Recorded()).EventCounts;
            return types.All(counts.ContainsKey);
        }, within);
        Assert.True(recorded, $"Recorded: {string.Join(", ", counts.Keys)}; expected {string.Join(", ", types)}");
    }

    /// <summary>Polls until the condition holds or the deadline passes; returns whether it held.</summary>
    public static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }
    }
}
