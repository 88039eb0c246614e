using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OneDay.Api.Jobs;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class JobSearchTests(ClusterFixture fixture)
{
    // Each test searches its own empty patch of the map, so jobs of other tests never show up.
    private static (double Lat, double Lon) FreshArea() =>
        (Random.Shared.Next(-50_000, 50_000) / 1000.0, Random.Shared.Next(-170_000, 170_000) / 1000.0);

    private static string Query(double lat, double lon, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $"/api/jobs?lat={lat}&lon={lon}{extra}");

    private static async Task<JsonElement[]> Items(ApiUser user, string query) =>
        [.. (await (await user.Get(query)).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_new_job_is_searchable_within_a_second_and_a_cancelled_one_disappears()
    {
        var (lat, lon) = FreshArea();
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var query = Query(lat, lon, "&radiusKm=2");

        var id = await employer.PostJob(JobsApi.JobBody(lat: lat + 0.001, lon: lon));
        var clock = Stopwatch.StartNew();
        Assert.True(await JobsApi.Eventually(async () => (await Items(worker, query)).Any(i => i.GetProperty("id").GetGuid() == id),
            TimeSpan.FromSeconds(1)), "The new job was not searchable within 1 s.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));

        var hit = (await Items(worker, query)).Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.InRange(hit.GetProperty("distanceMeters").GetDouble(), 100, 120);

        await (await employer.Post($"/api/jobs/{id}/cancel", new { reason = "No longer needed" })).Json(HttpStatusCode.OK);
        Assert.True(await JobsApi.Eventually(async () => (await Items(worker, query)).All(i => i.GetProperty("id").GetGuid() != id),
            TimeSpan.FromSeconds(1)), "The cancelled job was still searchable after 1 s.");
    }

    [Fact]
    public async Task An_edited_job_moves_in_the_read_model_within_a_second()
    {
        var (lat, lon) = FreshArea();
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var created = await employer.Post("/api/jobs", JobsApi.JobBody(lat: lat, lon: lon));
        var id = (await created.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // 20 km east: another cell, outside a 5 km search around the old place.
        var moved = JobsApi.JobBody(lat: lat, lon: lon + 0.25, title: "Moved");
        await (await employer.Put($"/api/jobs/{id}", moved, new Dictionary<string, string> { ["If-Match"] = created.Headers.ETag!.Tag }))
            .Json(HttpStatusCode.OK);
        Assert.True(await JobsApi.Eventually(async () =>
            (await Items(worker, Query(lat, lon + 0.25))).Any(i => i.GetProperty("title").GetString() == "Moved")
            && (await Items(worker, Query(lat, lon))).All(i => i.GetProperty("id").GetGuid() != id), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Results_filter_sort_and_page_stably_with_cursors()
    {
        var (lat, lon) = FreshArea();
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var start = JobsTestHooks.Now.AddDays(2);
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await employer.PostJob(JobsApi.JobBody(
                lat: lat + (i * 0.004), lon: lon, pay: 11_000 + (i % 3 * 1000), start: start.AddHours(i),
                category: i % 2 == 0 ? "cafe" : "warehouse")));
        }

        // Outside the radius: never returned.
        await employer.PostJob(JobsApi.JobBody(lat: lat + 0.2, lon: lon));

        var all = await Items(worker, Query(lat, lon, "&radiusKm=3&limit=100"));
        Assert.Equal(ids.Order(), all.Select(i => i.GetProperty("id").GetGuid()).Order());
        var distances = all.Select(i => i.GetProperty("distanceMeters").GetDouble()).ToArray();
        Assert.Equal(distances.Order(), distances);

        var byPay = (await Items(worker, Query(lat, lon, "&radiusKm=3&sort=pay"))).Select(i => i.GetProperty("hourlyKrw").GetInt64()).ToArray();
        Assert.Equal(byPay.OrderDescending(), byPay);
        var byStart = (await Items(worker, Query(lat, lon, "&radiusKm=3&sort=start"))).Select(i => i.GetProperty("startsAt").GetDateTimeOffset()).ToArray();
        Assert.Equal(byStart.Order(), byStart);

        var cafes = await Items(worker, Query(lat, lon, "&radiusKm=3&category=cafe&minPay=12000"));
        Assert.All(cafes, c => Assert.Equal("cafe", c.GetProperty("category").GetString()));
        Assert.All(cafes, c => Assert.True(c.GetProperty("hourlyKrw").GetInt64() >= 12_000));
        Assert.Equal(2, cafes.Length);

        var window = await Items(worker, Query(lat, lon, "&radiusKm=3&from=" + Uri.EscapeDataString(start.AddHours(2).ToString("O"))
            + "&to=" + Uri.EscapeDataString(start.AddHours(4).ToString("O"))));
        Assert.Equal(2, window.Length);

        foreach (var sort in new[] { "distance", "pay", "start" })
        {
            var seen = new List<Guid>();
            string? cursor = null;
            do
            {
                var page = await (await worker.Get(Query(lat, lon, $"&radiusKm=3&sort={sort}&limit=3"
                    + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))).Json(HttpStatusCode.OK);
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
                cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);
            Assert.Equal(7, seen.Count);
            Assert.Equal(ids.Order(), seen.Order());
        }
    }

    [Fact]
    public async Task A_page_is_byte_for_byte_what_the_serializer_writes_for_it()
    {
        var (lat, lon) = FreshArea();
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        // Korean text and characters JSON must escape, odd distances and both pay kinds.
        await employer.PostJob(JobsApi.JobBody(lat: lat + 0.00123, lon: lon, title: "카페 바리스타 \"하루\" <급구> \\ 😀"));
        await employer.PostJob(JobsApi.JobBody(lat: lat, lon: lon + 0.0171, payKind: "perShift", pay: 90_000, category: "warehouse"));
        await employer.PostJob(JobsApi.JobBody(lat: lat - 0.0099, lon: lon - 0.0033));
        var query = Query(lat, lon, "&radiusKm=3&limit=2");
        Assert.True(await JobsApi.Eventually(async () => (await Items(worker, query)).Length == 2, TimeSpan.FromSeconds(5)));

        // Twice: the second page is written from the renderings the first one cached.
        for (var round = 0; round < 2; round++)
        {
            var response = await worker.Get(query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            var json = fixture.Gateway.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var page = JsonSerializer.Deserialize<SearchResponse>(body, json)!;
            Assert.Equal(2, page.Items.Length);
            Assert.NotNull(page.NextCursor);
            Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(page, json)), Encoding.UTF8.GetString(body));
        }
    }

    [Fact]
    public async Task A_search_finds_jobs_across_the_antimeridian()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var west = await employer.PostJob(JobsApi.JobBody(lat: -16.5, lon: 179.995));
        var east = await employer.PostJob(JobsApi.JobBody(lat: -16.5, lon: -179.996));

        var fromEast = await Items(worker, Query(-16.5, -179.995, "&radiusKm=2"));
        Assert.Equal([east, west], fromEast.Select(i => i.GetProperty("id").GetGuid()));
        Assert.InRange(fromEast[1].GetProperty("distanceMeters").GetDouble(), 1000, 1100);
        var fromWest = await Items(worker, Query(-16.5, 179.999, "&radiusKm=2"));
        Assert.Equal([west, east], fromWest.Select(i => i.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData(89.5, 0, 30)]
    [InlineData(90, 0, 0.1)]
    [InlineData(-90, 120, 5)]
    [InlineData(85, 10, 30)]
    [InlineData(-87, -179.99, 20)]
    public async Task A_search_near_a_pole_that_would_read_too_many_cells_is_a_422(double lat, double lon, double radiusKm)
    {
        var worker = ApiUser.Create(fixture, "worker");
        var problem = await (await worker.Get(Query(lat, lon, string.Create(CultureInfo.InvariantCulture, $"&radiusKm={radiusKm}"))))
            .Problem(HttpStatusCode.UnprocessableEntity, "search-area-too-large");
        Assert.Contains("smaller radius", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_narrow_search_at_high_latitude_finds_its_jobs()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var worker = ApiUser.Create(fixture, "worker");
        var north = await employer.PostJob(JobsApi.JobBody(lat: 85.2, lon: 20.0));
        var south = await employer.PostJob(JobsApi.JobBody(lat: -88.9, lon: -179.99));

        var nearNorth = Assert.Single(await Items(worker, Query(85.2, 20.02, "&radiusKm=5")));
        Assert.Equal(north, nearNorth.GetProperty("id").GetGuid());
        Assert.InRange(nearNorth.GetProperty("distanceMeters").GetDouble(), 180, 190);
        var nearSouth = Assert.Single(await Items(worker, Query(-88.9, 179.99, "&radiusKm=1")));
        Assert.Equal(south, nearSouth.GetProperty("id").GetGuid());
        Assert.InRange(nearSouth.GetProperty("distanceMeters").GetDouble(), 40, 45);
    }

    [Theory]
    [InlineData(0.09)]
    [InlineData(30.01)]
    [InlineData(-1)]
    public async Task A_radius_outside_0_1_to_30_km_is_a_400(double radiusKm)
    {
        var worker = ApiUser.Create(fixture, "worker");
        var problem = await (await worker.Get(Query(1, 1, string.Create(CultureInfo.InvariantCulture, $"&radiusKm={radiusKm}"))))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("radiusKm", out _));
    }

    [Fact]
    public async Task Bad_search_input_is_a_400_with_field_errors()
    {
        var worker = ApiUser.Create(fixture, "worker");
        var missing = await (await worker.Get("/api/jobs?lon=10")).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(missing.GetProperty("errors").TryGetProperty("lat", out _));
        var bad = await (await worker.Get("/api/jobs?lat=95&lon=abc&radiusKm=500&sort=cheapest")).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(4, bad.GetProperty("errors").EnumerateObject().Count());
        await (await worker.Get("/api/jobs?lat=1&lon=1&cursor=garbage")).Problem(HttpStatusCode.BadRequest, "validation");
    }
}
