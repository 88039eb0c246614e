using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OneDay.Tests.Fixtures;

/// <summary>Pages in real Chromium that note every error they log or throw, and every 4xx or 5xx they load.</summary>
internal static class BrowserPages
{
    public static async Task<IPage> NewAsync(IBrowser browser, Uri baseUrl, ConcurrentQueue<string> errors)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl.ToString() });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"{page.Url}: {error}");
        // The console names no URL for a failed load; this does.
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Enqueue($"{response.Request.Method} {response.Url}: {response.Status}");
            }
        };
        return page;
    }
}
