namespace OneDay.Bench.Running;

/// <summary>Waits until a URL answers 2xx, failing early when the process behind it died.</summary>
internal static class Readiness
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task WaitAsync(string url, TimeSpan within, Func<bool> died, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Client.GetAsync(new Uri(url), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (died())
            {
                throw new InvalidOperationException($"a process of the app exited before {url} answered");
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{url} did not answer 2xx within {within.TotalSeconds} s");
    }
}
