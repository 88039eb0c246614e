using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OneDay.Hosting.Telemetry;

/// <summary>
/// What every OneDay process measures and how it is scraped: Orleans' meters, OneDay's business meters
/// ("OneDay.*", one per domain), the runtime's, and the traces of grain calls. Gateways add HTTP and silos
/// PostgreSQL through the callbacks.
/// </summary>
public static class OneDayTelemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>OneDay's own meters and span sources, one per domain ("OneDay.Jobs", "OneDay.Events", ...).</summary>
    public const string OneDayInstrumentation = "OneDay.*";

    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Orleans' spans of grain calls made by application code; its runtime's own (membership, reminders, stream
    /// agents) would start a trace of their own every few seconds.
    /// </summary>
    public const string OrleansSources = "Microsoft.Orleans.Application";

    /// <param name="metrics">The process's own meters and instrumentation (HTTP on a gateway, PostgreSQL on a silo).</param>
    /// <param name="tracing">The process's own span sources; used only when traces are on.</param>
    public static void AddOneDayTelemetry(
        this IServiceCollection services,
        TelemetryOptions options,
        string serviceName,
        Action<MeterProviderBuilder> metrics,
        Action<TracerProviderBuilder> tracing)
    {
        if (!options.Enabled)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(builder =>
            {
                builder.AddMeter(OrleansMeter, OneDayInstrumentation).AddRuntimeInstrumentation().AddPrometheusExporter();
                metrics(builder);
            });
        if (options.TracesOn)
        {
            telemetry.WithTracing(builder =>
            {
                builder.AddSource(OrleansSources, OneDayInstrumentation)
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)));
                if (options.OtlpEndpoint is { } endpoint)
                {
                    builder.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
                }

                tracing(builder);
            });
        }
    }

    /// <summary>Adds <see cref="TelemetryOptions.MetricsUrl"/> to the addresses Kestrel listens on.</summary>
    public static void ListenForMetrics(this IWebHostBuilder web, TelemetryOptions options)
    {
        if (!options.Enabled || options.MetricsUrl is not { } metricsUrl)
        {
            return;
        }

        // Kestrel's own default when nothing is configured, kept so the API does not lose its address.
        var urls = web.GetSetting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } configured ? configured : "http://localhost:5000";
        web.UseSetting(WebHostDefaults.ServerUrlsKey, $"{urls};{metricsUrl}");
    }

    /// <summary>
    /// Serves /metrics: on the metrics listener only when there is one (anything else asked of that port is a 404),
    /// otherwise on every address. The port is the connection's own, so a Host header cannot reach it from the API's.
    /// </summary>
    public static void UseOneDayMetrics(this IApplicationBuilder app, TelemetryOptions options)
    {
        var port = options.MetricsPort;
        if (port is not null)
        {
            app.Use((context, next) =>
            {
                if (context.Connection.LocalPort == port && !IsScrape(context))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        if (options.Enabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context => IsScrape(context) && (port is null || context.Connection.LocalPort == port));
        }
    }

    private static bool IsScrape(HttpContext context) =>
        context.Request.Path.Equals(MetricsPath, StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method);
}
