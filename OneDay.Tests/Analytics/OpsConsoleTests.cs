using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneDay.Tests.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Analytics;

/// <summary>
/// The operator console in real Chromium (Debian's, driven by Playwright) after a seeded scenario: its charts hold the
/// scenario's figures, its cluster table the silo, and the page logs no error.
/// </summary>
public sealed class OpsConsoleTests : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();
    private GatewayHost _gateway = null!;
    private TestApi _api = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            ["OneDay:Security:BootstrapAdminEmail"] = TestApi.AdminEmail,
        });
        _api = new TestApi(_gateway);
        _playwright = await Playwright.CreateAsync();
        // As root (CI), Chromium's sandbox cannot start; the pages are the tests' own.
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = WebClientTests.ChromiumPath, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_console_charts_the_seeded_marketplace_and_shows_the_cluster()
    {
        var admin = await _api.AdminAsync();
        var employer = await _api.RegisterAsync("employer");
        await _gateway.Services.GetRequiredService<IGrainFactory>().Fund(employer.Id, 1_000_000);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var first = await _api.PostJobAsync(employer, JobsApi.JobBody(start: start, headcount: 1));
        var second = await _api.PostJobAsync(employer, JobsApi.JobBody(start: start.AddHours(6), headcount: 3));
        var workers = new[] { await _api.RegisterAsync("worker"), await _api.RegisterAsync("worker"), await _api.RegisterAsync("worker") };
        await _api.ApplyAsync(workers[0], first);
        await _api.ApplyAsync(workers[1], second);
        await _api.ApplyAsync(workers[2], second);
        (await _api.SendAsync(HttpMethod.Post, $"/api/jobs/{first}/applications/{workers[0].Id}/accept", employer.AccessToken)).EnsureSuccessStatusCode();
        // The console reads the projection: wait until it has the whole scenario.
        var kpis = await Retry.UntilAsync(
            async () => await (await _api.SendAsync(HttpMethod.Get, "/api/analytics/kpis", admin.AccessToken)).Json(HttpStatusCode.OK),
            r => r.GetProperty("rows").EnumerateArray().Last().GetProperty("acceptedApplications").GetInt64() == 1,
            TimeSpan.FromSeconds(30));

        var page = await NewPageAsync();
        await page.GotoAsync("/ops");
        await page.FillAsync("#email", admin.Email);
        await page.FillAsync("#password", TestApi.Password);
        await page.ClickAsync("#sign-in button[type=submit]");
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#sign-in")).ToBeHiddenAsync();

        var funnel = await DataAsync(page, "funnel-chart", 0);
        Assert.Equal(new double[] { 3, 1, 0, 0 }, funnel);
        var posted = await DataAsync(page, "jobs-chart", 0);
        Assert.Equal(30, posted.Length);
        Assert.Equal(2, posted[^1]);
        Assert.Equal(1, (await DataAsync(page, "jobs-chart", 1))[^1]);
        Assert.Equal(3, (await DataAsync(page, "active-chart", 0))[^1]);
        Assert.Equal(1, (await DataAsync(page, "active-chart", 1))[^1]);
        var escrowed = kpis.GetProperty("rows").EnumerateArray().Last().GetProperty("escrowedKrw").GetInt64();
        Assert.True(escrowed > 0);
        Assert.Equal(escrowed, (await DataAsync(page, "money-chart", 0))[^1]);
        // Days without a fill have no median: the chart's series has gaps, and today's point is the first bucket's middle.
        Assert.Equal(0.5, await page.EvaluateAsync<double>("Chart.getChart('minutes-chart').data.datasets[0].data.at(-1)"));

        // The embedded app is one silo with every domain; its jobs' grains are counted under jobs.
        await Assertions.Expect(page.Locator("#silos tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#silo-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#silos tbody td").Nth(3)).ToContainTextAsync("jobs");
        await Assertions.Expect(page.Locator("#dead-letters")).ToHaveTextAsync("0");
        var labels = await page.EvaluateAsync<string[]>("Chart.getChart('activations-chart').data.labels");
        Assert.Contains("jobs", labels);
        // Each gateway reports its requests every few seconds; the console sums every gateway's.
        await Assertions.Expect(page.Locator("#gateway-count")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#requests-per-second")).Not.ToHaveTextAsync("0.0", new() { Timeout = 15_000 });

        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "oneday-ops-console.png"), FullPage = true });
        Assert.True(_errors.IsEmpty, string.Join(Environment.NewLine, _errors));
    }

    [Fact]
    public async Task A_worker_signed_in_to_the_console_is_told_it_is_for_admins()
    {
        var worker = await _api.RegisterAsync("worker");
        var page = await NewPageAsync();
        await page.GotoAsync("/ops");
        await page.FillAsync("#email", worker.Email);
        await page.FillAsync("#password", TestApi.Password);
        await page.ClickAsync("#sign-in button[type=submit]");

        await Assertions.Expect(page.Locator("#console-error")).ToHaveTextAsync("This console is for admins.", new() { Timeout = 15_000 });
    }

    private static async Task<double[]> DataAsync(IPage page, string chart, int dataset) =>
        await page.EvaluateAsync<double[]>($"Chart.getChart('{chart}').data.datasets[{dataset}].data");

    private Task<IPage> NewPageAsync() => BrowserPages.NewAsync(_browser!, _gateway.Address, _errors);
}
