using System.Net;
using Microsoft.Playwright;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Communication;

/// <summary>
/// The gateway's web client in real Chromium (Debian's, driven by Playwright): an employer and a worker, each in
/// their own browser on their own gateway, chat both ways; a reload keeps the history; markup in a message stays
/// text; a notification appears without a reload; and neither page logs an error.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WebClientTests(ClusterFixture fixture) : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser (scripts/test.sh and CI install it).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private GatewayHost? _otherGateway;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not at {ChromiumPath}. Install it with: apt-get install -y chromium (scripts/test.sh does this for you).");
        }

        _playwright = await Playwright.CreateAsync();
        // As root (CI), Chromium's sandbox cannot start; the pages are the tests' own.
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = ["--no-sandbox"] });
        _otherGateway = await fixture.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_otherGateway is not null)
        {
            await _otherGateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_employer_and_a_worker_chat_across_gateways_and_see_notifications_live()
    {
        var employer = await fixture.Api.RegisterAsync("employer");
        var employerApi = new ApiUser(fixture, employer.Id, employer.AccessToken);
        await employerApi.Fund();
        var worker = await fixture.Api.RegisterAsync("worker");
        var workerApi = new ApiUser(fixture, worker.Id, worker.AccessToken);
        var job = await employerApi.PostJob(JobsApi.JobBody(start: JobsTestHooks.Now.AddDays(3)));
        await (await workerApi.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        // The application's conversation is opened by the saga's communication step, just after the answer.
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await workerApi.Get("/api/communication/conversations")).Json(HttpStatusCode.OK)).GetArrayLength() == 1, TimeSpan.FromSeconds(15)));

        var employerPage = await SignIn(fixture.Gateway.Address, employer);
        var workerPage = await SignIn(_otherGateway!.Address, worker);
        await Open(employerPage);
        await Open(workerPage);

        await Send(employerPage, "Can you start at nine?");
        await Assertions.Expect(Messages(workerPage).Filter(new() { HasText = "Can you start at nine?" })).ToBeVisibleAsync(Soon);
        const string markup = "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\"><b>Sure</b>";
        await Send(workerPage, markup);
        await Assertions.Expect(Messages(employerPage).Last).ToHaveTextAsync(markup, new() { Timeout = 15_000 });
        Assert.Equal(0, await employerPage.Locator("#messages b, #messages img, #messages script").CountAsync());
        Assert.False(await employerPage.EvaluateAsync<bool>("() => window.pwned === true"));

        await employerPage.ReloadAsync();
        await Ready(employerPage);
        await Assertions.Expect(Messages(employerPage)).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        Assert.Equal(["Can you start at nine?", markup], await Messages(employerPage).AllTextContentsAsync());

        var unread = int.Parse(await workerPage.Locator("#badge").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await (await employerApi.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        await Assertions.Expect(workerPage.Locator($"#notifications li[data-kind='{NotificationKinds.ApplicationAccepted}']"))
            .ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(workerPage.Locator("#badge")).ToHaveTextAsync((unread + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(_errors.IsEmpty, string.Join(Environment.NewLine, _errors));
    }

    [Fact]
    public async Task A_wrong_password_is_shown_and_the_client_is_served_with_a_strict_policy()
    {
        using var http = new HttpClient { BaseAddress = fixture.Gateway.Address };
        var response = await http.GetAsync("/app");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/lib/signalr/LICENSE.txt")).StatusCode);

        var page = await NewPage(fixture.Gateway.Address);
        await page.FillAsync("#email", TestApi.NewEmail());
        await page.FillAsync("#password", "not the password at all");
        await page.ClickAsync("#sign-in button[type=submit]");

        await Assertions.Expect(page.Locator("#sign-in-error")).Not.ToBeEmptyAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#app")).ToBeHiddenAsync();
    }

    private async Task<IPage> NewPage(Uri gateway)
    {
        var page = await BrowserPages.NewAsync(_browser!, gateway, _errors);
        await page.GotoAsync("/app");
        return page;
    }

    private async Task<IPage> SignIn(Uri gateway, TestUser user)
    {
        var page = await NewPage(gateway);
        await page.FillAsync("#email", user.Email);
        await page.FillAsync("#password", TestApi.Password);
        await page.ClickAsync("#sign-in button[type=submit]");
        await Ready(page);
        return page;
    }

    private static Task Ready(IPage page) => Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

    private static async Task Open(IPage page)
    {
        var conversation = page.Locator("#conversations button").First;
        await Assertions.Expect(conversation).ToBeVisibleAsync(Soon);
        await conversation.ClickAsync();
        await Assertions.Expect(page.Locator("#chat")).ToBeVisibleAsync(Soon);
    }

    private static async Task Send(IPage page, string text)
    {
        await page.FillAsync("#message-input", text);
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#messages li.mine .text").Filter(new() { HasText = text[..10] }).Last).ToBeVisibleAsync(Soon);
    }

    private static ILocator Messages(IPage page) => page.Locator("#messages li .text");
}
