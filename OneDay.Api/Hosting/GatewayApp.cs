using Microsoft.AspNetCore.Server.Kestrel.Core;
using OneDay.Api.Analytics;
using OneDay.Api.Caching;
using OneDay.Api.Communication;
using OneDay.Api.Errors;
using OneDay.Api.Health;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Hosting;
using OneDay.Hosting.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace OneDay.Api.Hosting;

/// <summary>Builds the gateway; Program and the test fixtures share this so tests run the real app.</summary>
public static class GatewayApp
{
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <param name="args">Command line, as given to Program.</param>
    /// <param name="configure">Adjusts configuration and services before the app is built (tests).</param>
    /// <param name="map">Maps extra endpoints after the built-in ones (tests).</param>
    /// <param name="coHostSilo">Adds the embedded mode's silo; null in a process that is only a gateway.</param>
    public static WebApplication Create(
        string[] args,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        Action<IHostApplicationBuilder, OneDayOptions>? coHostSilo = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // CorrelationIdMiddleware writes the one log line per request. The host's own request logging would
        // repeat it, and while its logger is enabled at any level the host also starts an Activity and a log
        // scope for every request, which a cached read pays for lines nobody reads.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        configure?.Invoke(builder);

        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            o.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var options = builder.AddOneDayOrleans(coHostSilo);
        builder.Services.AddSingleton(options);
        var telemetry = options.Telemetry;
        builder.WebHost.ListenForMetrics(telemetry);
        builder.Services.AddOneDayTelemetry(
            telemetry,
            options.Mode == HostingMode.Embedded ? "oneday-embedded" : "oneday-gateway",
            // Requests, connections and hub connections, and unhandled exceptions. ASP.NET Core's routing, authentication,
            // authorization and rate limiter meters would add a measurement apiece to every request, for figures the
            // requests' own (route, status, duration) already give (bench/results/telemetry-cost.md).
            metrics => metrics.AddMeter(
                "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Diagnostics"),
            tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(OneDayTelemetry.MetricsPath)));
        builder.AddOneDaySecurity(options);
        builder.Services.AddOneDayProblemDetails();
        builder.Services.AddOneDayHealthChecks(builder.Configuration);
        builder.Services.AddOneDayReadCache(builder.Configuration);
        builder.Services.AddOneDayOpenApi();
        builder.Services.AddOneDayCommunication();
        builder.Services.AddSingleton<RequestWindow>();
        builder.Services.AddHostedService<GatewayTrafficReporter>();
        var forwardedHeaders = builder.Services.AddOneDayForwardedHeaders(builder.Configuration);

        var app = builder.Build();
        if (forwardedHeaders)
        {
            // First, so the request log, the rate limiter's partitions and the audit log see the client's address.
            app.UseForwardedHeaders();
        }

        // Before the request log: a scrape every few seconds is not a request anybody wants to read about.
        app.UseOneDayMetrics(telemetry);
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Public files, before authentication: the client is what signs in.
        app.UseOneDayWebClient();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<MalformedRouteIds>();
        app.UseMiddleware<SiloLossRetry>();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("OneDay API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        app.MapOneDayHealth();
        if (options.Dashboard)
        {
            var dashboard = app.MapOrleansDashboard("/dashboard").ExcludeFromDescription();
            // One process on a developer's machine has nobody to sign in as; a cluster's dashboard is for admins.
            _ = options.Mode == HostingMode.Embedded ? dashboard.AllowAnonymous() : dashboard.RequireAuthorization(Policies.Admin);
        }

        app.MapOneDayApi();
        app.MapOneDayHubs();
        app.MapOneDayWebClient();
        app.MapOpsConsole();

        map?.Invoke(app);

        return app;
    }
}
