using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OneDay.Hosting;

namespace OneDay.Api.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddOneDayHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = OneDayConfiguration.Read<HealthOptions>(configuration, HealthOptions.SectionName);
        services.AddSingleton(options);
        services.AddOneDayTime();
        services.AddSingleton<ReadinessProbe>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadinessProbe>());
        services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapOneDayHealth(this IEndpointRouteBuilder app)
    {
        // Liveness says only that this process serves requests; restarting it cannot fix the cluster.
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteAsync,
        }).WithMetadata(GetOnly).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        }).WithMetadata(GetOnly).AllowAnonymous();
        return app;
    }

    private static readonly HttpMethodMetadata GetOnly = new([HttpMethods.Get, HttpMethods.Head]);

    // The status alone: these endpoints are anonymous, and silo addresses or exception names would map the
    // cluster for anyone who asks. The probe logs its failures for operators.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(report.Status switch
        {
            HealthStatus.Healthy => """{"status":"Healthy"}""",
            HealthStatus.Degraded => """{"status":"Degraded"}""",
            _ => """{"status":"Unhealthy"}""",
        });
    }
}
