namespace OneDay.Bench.Scenarios;

/// <summary>What a scenario's prepare step gets: the ready app, the key its tokens are signed with, a place for files.</summary>
internal sealed class PrepareContext(Uri baseUrl, string signingKey, string runDirectory, HttpClient http, CancellationToken cancellation)
{
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>A key for this scenario only (base64, 48 random bytes): the app was started with it.</summary>
    public string SigningKey { get; } = signingKey;

    public string RunDirectory { get; } = runDirectory;

    public HttpClient Http { get; } = http;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Variables for the wrk Lua script (os.getenv).</summary>
    public Dictionary<string, string> Exports { get; } = new(StringComparer.Ordinal);
}
