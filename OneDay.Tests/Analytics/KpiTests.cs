using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Analytics.Kpis;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Analytics;

/// <summary>KPIs through the real path: requests over HTTP, events to the event store, the projection, the query API.</summary>
public sealed class KpiTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            ["OneDay:Security:BootstrapAdminEmail"] = TestApi.AdminEmail,
        });
        _api = new TestApi(_gateway);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_kpis_count_the_marketplace_from_its_events_and_a_replay_of_the_store_agrees()
    {
        var admin = await _api.AdminAsync();
        var employer = await _api.RegisterAsync("employer");
        await _gateway.Services.GetRequiredService<IGrainFactory>().Fund(employer.Id, 1_000_000);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        var cafe = await _api.PostJobAsync(employer, JobsApi.JobBody(start: tomorrow, headcount: 1));
        var cafe2 = await _api.PostJobAsync(employer, JobsApi.JobBody(start: tomorrow.AddHours(6), headcount: 2));
        var warehouse = await _api.PostJobAsync(employer, JobsApi.JobBody(start: tomorrow.AddDays(1), category: "warehouse", headcount: 1));
        var first = await _api.RegisterAsync("worker");
        var second = await _api.RegisterAsync("worker");
        await _api.ApplyAsync(first, cafe);
        await _api.ApplyAsync(second, cafe2);
        await _api.ApplyAsync(second, warehouse);
        (await _api.SendAsync(HttpMethod.Post, $"/api/jobs/{cafe}/applications/{first.Id}/accept", employer.AccessToken)).EnsureSuccessStatusCode();
        (await _api.SendAsync(HttpMethod.Post, $"/api/jobs/{warehouse}/cancel", employer.AccessToken, new { reason = "no longer needed" }))
            .EnsureSuccessStatusCode();
        // The applicant asks, the employer answers twice: one first reply. The saga opens the conversation shortly.
        var conversation = Conversations.ForApplication(cafe, first.Id);
        await Retry.UntilSuccess(async () => (await ChatAsync(first, conversation, "ask", "Is there parking?")).EnsureSuccessStatusCode());
        (await ChatAsync(employer, conversation, "answer", "Yes, behind the shop.")).EnsureSuccessStatusCode();
        (await ChatAsync(employer, conversation, "more", "Ask for Min-ji.")).EnsureSuccessStatusCode();

        // The projection trails the event store by its tick: wait for the last of these events.
        var report = await Retry.UntilAsync(
            () => KpisAsync(admin, ""),
            r => Today(r).GetProperty("jobsCancelled").GetInt64() == 1 && Today(r).GetProperty("acceptedApplications").GetInt64() == 1
                && Today(r).GetProperty("firstReplies").GetInt64() == 1,
            TimeSpan.FromSeconds(90));
        var today = Today(report);
        Assert.Equal(3, today.GetProperty("jobsPosted").GetInt64());
        Assert.Equal(1, today.GetProperty("jobsFilled").GetInt64());
        Assert.Equal(1, today.GetProperty("jobsCancelled").GetInt64());
        Assert.Equal(3, today.GetProperty("applications").GetInt64());
        Assert.Equal(1, today.GetProperty("acceptedApplications").GetInt64());
        Assert.Equal(0.3333, today.GetProperty("fillRate").GetDouble());
        // Filled within the minute it was posted: the first histogram bucket, read at its middle.
        Assert.Equal(0.5, today.GetProperty("medianMinutesToFill").GetDouble());
        Assert.Equal(JsonValueKind.Null, today.GetProperty("noShowRate").ValueKind);
        Assert.Equal(2, today.GetProperty("activeWorkers").GetInt64());
        Assert.Equal(1, today.GetProperty("activeEmployers").GetInt64());
        Assert.Equal(30, report.GetProperty("rows").GetArrayLength());
        // What the acceptance held is what the employer's wallet shows held; nothing was settled or paid out yet.
        var wallet = await (await _api.SendAsync(HttpMethod.Get, "/api/payments/wallet", employer.AccessToken)).Json(HttpStatusCode.OK);
        var held = wallet.GetProperty("heldKrw").GetInt64();
        Assert.True(held > 0);
        Assert.Equal((held, 0L, 0L), (today.GetProperty("escrowedKrw").GetInt64(), today.GetProperty("revenueKrw").GetInt64(),
            today.GetProperty("paidOutKrw").GetInt64()));
        Assert.Equal(0.5, today.GetProperty("medianMinutesToFirstReply").GetDouble());

        var cafes = Today(await KpisAsync(admin, "&category=cafe"));
        Assert.Equal((2, 2, 1, 0), (cafes.GetProperty("jobsPosted").GetInt64(), cafes.GetProperty("applications").GetInt64(),
            cafes.GetProperty("jobsFilled").GetInt64(), cafes.GetProperty("jobsCancelled").GetInt64()));
        var warehouses = Today(await KpisAsync(admin, "&category=Warehouse&region=37:126"));
        Assert.Equal((1, 1, 1), (warehouses.GetProperty("jobsPosted").GetInt64(), warehouses.GetProperty("applications").GetInt64(),
            warehouses.GetProperty("jobsCancelled").GetInt64()));
        Assert.Equal(0, Today(await KpisAsync(admin, "&region=38:126")).GetProperty("jobsPosted").GetInt64());

        var weeks = await KpisAsync(admin, "&granularity=week");
        var week = Assert.Single(weeks.GetProperty("rows").EnumerateArray(), r => r.GetProperty("jobsPosted").GetInt64() > 0);
        Assert.Equal(DayOfWeek.Monday, DateOnly.Parse(week.GetProperty("periodStart").GetString()!, System.Globalization.CultureInfo.InvariantCulture).DayOfWeek);
        Assert.Equal(2, week.GetProperty("activeWorkers").GetInt64());

        var csv = await _api.SendAsync(HttpMethod.Get, "/api/analytics/kpis?format=csv", admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("periodStart,jobsPosted,jobsFilled,", lines[0], StringComparison.Ordinal);
        Assert.Equal(31, lines.Length);
        Assert.Equal($"{today.GetProperty("periodStart").GetString()},3,1,0,1,0,3,1,0,0,0,0.3333,0.5,,2,1,{held},0,0,1,0.5", lines[^1]);

        var started = await _api.SendAsync(HttpMethod.Post, "/api/analytics/kpis/verify", admin.AccessToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/api/analytics/kpis/verify", started.Headers.Location?.OriginalString);
        var verification = await Retry.UntilAsync(
            async () => await (await _api.SendAsync(HttpMethod.Get, "/api/analytics/kpis/verify", admin.AccessToken)).Json(HttpStatusCode.OK),
            v => v.GetProperty("state").GetString() is "done" or "failed",
            TimeSpan.FromSeconds(30));
        Assert.Equal("done", verification.GetProperty("state").GetString());
        var verified = verification.GetProperty("result");
        Assert.Equal(0, verified.GetProperty("differences").GetArrayLength());
        Assert.True(verified.GetProperty("periodsCompared").GetInt32() >= 1);
        Assert.True(verified.GetProperty("throughSequence").GetInt64() >= report.GetProperty("throughSequence").GetInt64());

        var funnel = await (await _api.SendAsync(HttpMethod.Get, "/api/analytics/me/funnel", employer.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 3, 1), (funnel.GetProperty("jobsPosted").GetInt64(), funnel.GetProperty("applications").GetInt64(),
            funnel.GetProperty("acceptedApplications").GetInt64()));
    }

    [Fact]
    public async Task A_projection_an_earlier_build_named_is_dropped_when_its_reminder_fires()
    {
        var store = _gateway.Services.GetRequiredService<IKpiStore>();
        var grains = _gateway.Services.GetRequiredService<IGrainFactory>();
        var batch = new KpiBatch(0) { ToPosition = 5 };
        batch.Cell(DateOnly.FromDateTime(DateTime.UtcNow), "cafe", "37:126").JobsPosted = 3;
        await store.ApplyAsync("live", batch);
        var retired = grains.Reference<IKpiProjectorGrain>("live");
        await retired.Start();

        await retired.AsReference<IRemindable>().ReceiveReminder("kpi-projector", default);

        Assert.Equal(0, await store.PositionAsync("live"));
        Assert.Empty(await store.ReadDaysAsync("live", DateOnly.MinValue, DateOnly.MaxValue, null, null));
        Assert.NotEqual("live", KpiProjections.Live);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-12-08&to=2026-12-01", "from")]
    [InlineData("from=2020-01-01&to=2026-01-01", "from")]
    [InlineData("granularity=month", "granularity")]
    [InlineData("region=seoul", "region")]
    [InlineData("format=xml", "format")]
    [InlineData("category=", "category")]
    [InlineData("limit=5", "limit")]
    public async Task A_bad_query_is_a_problem_naming_its_field(string query, string field)
    {
        var admin = await _api.AdminAsync();

        var response = await _api.SendAsync(HttpMethod.Get, "/api/analytics/kpis?" + query, admin.AccessToken);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Only_admins_read_the_marketplace_and_only_employers_their_funnel()
    {
        var worker = await _api.RegisterAsync("worker");

        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.Client.GetAsync("/api/analytics/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.SendAsync(HttpMethod.Get, "/api/analytics/kpis", worker.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.SendAsync(HttpMethod.Post, "/api/analytics/kpis/verify", worker.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.SendAsync(HttpMethod.Get, "/api/analytics/kpis/verify", worker.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.SendAsync(HttpMethod.Get, "/api/analytics/me/funnel", worker.AccessToken)).StatusCode);
    }

    private Task<HttpResponseMessage> ChatAsync(TestUser user, Guid conversation, string clientMessageId, string text) =>
        _api.SendAsync(HttpMethod.Post, $"/api/communication/conversations/{conversation}/messages", user.AccessToken, new { clientMessageId, text });

    private static JsonElement Today(JsonElement report) => report.GetProperty("rows").EnumerateArray().Last();

    private async Task<JsonElement> KpisAsync(TestUser admin, string query)
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/analytics/kpis?" + query.TrimStart('&'), admin.AccessToken);
        return await response.Json(HttpStatusCode.OK);
    }
}
