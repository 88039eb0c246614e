using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Matching;

/// <summary>A worker's matching profile over HTTP: saved whole, read back normalised, and bad input refused with nothing stored.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MatchingProfileTests(ClusterFixture fixture)
{
    private const string Path = "/api/matching/profile";

    public static Dictionary<string, object?> Body(double latitude = 37.5665, object? skills = null, object? availability = null) => new()
    {
        ["skills"] = skills ?? new object[] { new { name = "Barista", level = 3 }, new { name = "cashier", level = 2 } },
        ["preferredCategories"] = new[] { "cafe", "retail" },
        ["home"] = new { latitude, longitude = 126.978 },
        ["maxTravelKm"] = 5.0,
        ["availability"] = availability ?? new object[] { new { day = "tuesday", start = "09:00", end = "18:00" }, new { day = "saturday", start = "12:00", end = "24:00" } },
        ["minimumHourlyPayKrw"] = 12_000,
        ["languages"] = new[] { "ko", "en" },
    };

    [Fact]
    public async Task A_worker_saves_the_profile_and_reads_it_back_normalised_with_its_version()
    {
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Get(Path)).Problem(HttpStatusCode.NotFound, "not-found");

        var saved = await (await worker.Put(Path, Body())).Json(HttpStatusCode.OK);
        Assert.Equal(1, saved.GetProperty("version").GetInt64());

        var response = await worker.Get(Path);
        var read = await response.Json(HttpStatusCode.OK);
        Assert.Equal("\"v1\"", response.Headers.ETag?.Tag);
        Assert.Equal(worker.Id, read.GetProperty("workerId").GetGuid());
        Assert.Equal(["barista", "cashier"], read.GetProperty("skills").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var saturday = read.GetProperty("availability")[1];
        Assert.Equal(("saturday", "12:00", "24:00"), (saturday.GetProperty("day").GetString(), saturday.GetProperty("start").GetString(), saturday.GetProperty("end").GetString()));
        Assert.Equal(12_000, read.GetProperty("minimumHourlyPayKrw").GetInt64());
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_and_a_fresh_one_applies()
    {
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Put(Path, Body())).Json(HttpStatusCode.OK);
        await (await worker.Put(Path, Body(latitude: 37.4))).Json(HttpStatusCode.OK);

        var stale = await worker.Put(Path, Body(latitude: 35.1), new Dictionary<string, string> { ["If-Match"] = "\"v1\"" });
        await stale.Problem(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal("\"v2\"", stale.Headers.ETag?.Tag);
        var fresh = await (await worker.Put(Path, Body(latitude: 35.1), new Dictionary<string, string> { ["If-Match"] = "\"v2\"" })).Json(HttpStatusCode.OK);
        Assert.Equal(35.1, fresh.GetProperty("home").GetProperty("latitude").GetDouble());
    }

    public static TheoryData<string, Dictionary<string, object?>> BadBodies => new()
    {
        { "home", Body(latitude: 123.4) },
        { "skills", Body(skills: Array.Empty<object>()) },
        { "skills", Body(skills: Enumerable.Range(0, 31).Select(i => new { name = $"skill {i}", level = 1 }).ToArray()) },
        { "availability", Body(availability: new object[] { new { day = "monday", start = "18:00", end = "09:00" } }) },
        { "availability", Body(availability: new object[] { new { day = "monday", start = "09:00", end = "13:00" }, new { day = "monday", start = "12:00", end = "15:00" } }) },
        { "availability", Body(availability: new object[] { new { day = "someday", start = "09:00", end = "13:00" } }) },
        { "availability", Body(availability: new object[] { new { day = "monday", start = "9am", end = "13:00" } }) },
        { "availability", Body(availability: new object[] { new { day = "monday,tuesday", start = "09:00", end = "13:00" } }) },
        { "availability", Body(availability: new object[] { new { day = "1", start = "09:00", end = "13:00" } }) },
        { "maxTravelKm", new Dictionary<string, object?>(Body()) { ["maxTravelKm"] = null } },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_the_stored_profile_stays(string field, Dictionary<string, object?> body)
    {
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Put(Path, Body())).Json(HttpStatusCode.OK);

        var problem = await (await worker.Put(Path, body)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());

        var stored = await (await worker.Get(Path)).Json(HttpStatusCode.OK);
        Assert.Equal(1, stored.GetProperty("version").GetInt64());
        Assert.Equal(37.5665, stored.GetProperty("home").GetProperty("latitude").GetDouble());
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_and_employers_have_no_matching_profile()
    {
        var worker = ApiUser.Create(fixture, "worker");
        using var malformed = new HttpRequestMessage(HttpMethod.Put, Path) { Content = new StringContent("{\"skills\": [", Encoding.UTF8, "application/json") };
        malformed.Headers.Authorization = new("Bearer", fixture.Gateway.Services.GetRequiredService<OneDay.Api.Security.AccessTokenIssuer>().Issue(worker.Id, Guid.NewGuid(), ["worker"]).Token);
        var response = await fixture.Http.SendAsync(malformed);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var employer = ApiUser.Create(fixture, "employer");
        Assert.Equal(HttpStatusCode.Forbidden, (await employer.Put(Path, Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employer.Get(Path)).StatusCode);
    }
}
