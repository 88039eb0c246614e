namespace OneDay.Bench.Scenarios;

/// <summary>What a scenario's prepare step gets: the ready app, the key its tokens are signed with, a place for files.</summary>
/// <param name="cpuSeconds">The CPU seconds the app's processes, PostgreSQL and RabbitMQ have used so far, together.</param>
internal sealed class PrepareContext(
    Uri baseUrl, string signingKey, string runDirectory, HttpClient http, CancellationToken cancellation, Func<double>? cpuSeconds = null,
    Func<long>? appResidentBytes = null,
    string? connectionString = null)
{
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>A key for this scenario only (base64, 48 random bytes): the app was started with it.</summary>
    public string SigningKey { get; } = signingKey;

    public string RunDirectory { get; } = runDirectory;

    public HttpClient Http { get; } = http;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>What the app and its servers have used of the CPU so far (seconds), to tell when work a preparation started is done.</summary>
    public Func<double> CpuSeconds { get; } = cpuSeconds ?? (() => 0);

    /// <summary>The resident memory of the app's processes now, in bytes (0 where it cannot be read).</summary>
    public Func<long> AppResidentBytes { get; } = appResidentBytes ?? (() => 0);

    /// <summary>The run's PostgreSQL (cluster mode), for a preparation that seeds the store below the app; null embedded.</summary>
    public string? ConnectionString { get; } = connectionString;

    /// <summary>Variables for the wrk Lua script (os.getenv).</summary>
    public Dictionary<string, string> Exports { get; } = new(StringComparer.Ordinal);
}
