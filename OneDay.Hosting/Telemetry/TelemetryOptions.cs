namespace OneDay.Hosting.Telemetry;

/// <summary>
/// The "OneDay:Telemetry" section, the same for silos and gateways: Prometheus metrics at /metrics and, when a
/// collector is named, traces over OTLP.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = OneDayConfiguration.SectionName + ":Telemetry";

    /// <summary>A standalone silo's <see cref="MetricsUrl"/> unless configured: every address, so a pod exposes it.</summary>
    public const string SiloMetricsUrl = "http://+:9464";

    /// <summary>Metrics and traces at all; off only to measure what they cost.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The address of a listener that serves only /metrics, such as <c>http://+:9464</c>. A gateway without one
    /// serves /metrics on its API port; a standalone silo always has one (<see cref="SiloMetricsUrl"/> by default).
    /// </summary>
    public string? MetricsUrl { get; set; }

    /// <summary>An OTLP collector (gRPC, e.g. <c>http://otel-collector:4317</c>); traces are kept in-process and dropped without one.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Record traces even without <see cref="OtlpEndpoint"/>, for an exporter added in code (tests). Spans cost
    /// every request something, so they are off unless somebody reads them.
    /// </summary>
    public bool Traces { get; set; }

    /// <summary>Whether spans are recorded at all.</summary>
    public bool TracesOn => Enabled && (Traces || OtlpEndpoint is not null);

    /// <summary>The share of traces started here that are recorded (a parent's decision always wins).</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>The port of <see cref="MetricsUrl"/>, once <see cref="Problems"/> has found none.</summary>
    public int? MetricsPort => MetricsUrl is null ? null : ParseListenUrl(MetricsUrl)?.Port;

    public IEnumerable<string> Problems()
    {
        if (MetricsUrl is not null && ParseListenUrl(MetricsUrl) is null)
        {
            yield return $"{SectionName}:MetricsUrl must be an http:// address with a port and no path, such as http://+:9464.";
        }

        if (OtlpEndpoint is not null
            && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
        {
            yield return $"{SectionName}:OtlpEndpoint must be an http:// or https:// address.";
        }

        if (TraceSampleRatio is < 0 or > 1 || double.IsNaN(TraceSampleRatio))
        {
            yield return $"{SectionName}:TraceSampleRatio must be between 0 and 1.";
        }
    }

    // Kestrel's wildcard hosts (+, *) are not valid URI hosts, so the address is checked with a stand-in host.
    private static Uri? ParseListenUrl(string url)
    {
        var probe = url.Replace("://+:", "://wildcard:", StringComparison.Ordinal)
            .Replace("://*:", "://wildcard:", StringComparison.Ordinal);
        return Uri.TryCreate(probe, UriKind.Absolute, out var uri)
            && uri.Scheme == "http"
            && !uri.IsDefaultPort
            && uri.Port > 0
            && uri.AbsolutePath == "/"
            && string.IsNullOrEmpty(uri.Query)
            ? uri
            : null;
    }
}
