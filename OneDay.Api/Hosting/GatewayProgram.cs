using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OneDay.Hosting;
using OneDay.Hosting.Telemetry;

namespace OneDay.Api.Hosting;

/// <summary>The entry point of a process serving the gateway: the cluster gateway and the embedded host.</summary>
public static class GatewayProgram
{
    public static async Task<int> RunAsync(
        string processName, string[] args, Action<IHostApplicationBuilder, OneDayOptions>? coHostSilo = null)
    {
        WebApplication app;
        try
        {
            app = GatewayApp.Create(args, coHostSilo: coHostSilo);
        }
        catch (OneDayConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"{processName}: {ex.Message}");
            return 2;
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintAddresses(app));
        await app.RunAsync();
        return 0;
    }

    private static void PrintAddresses(WebApplication app)
    {
        var options = app.Services.GetRequiredService<OneDayOptions>();
        var metricsPort = options.Telemetry.MetricsPort;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var root = address.TrimEnd('/');
            if (metricsPort is not null && new Uri(root).Port == metricsPort)
            {
                continue;
            }

            var metrics = !options.Telemetry.Enabled ? "off"
                : metricsPort is null ? root + OneDayTelemetry.MetricsPath
                : $"{options.Telemetry.MetricsUrl!.TrimEnd('/')}{OneDayTelemetry.MetricsPath}";
            Console.WriteLine($"""
                OneDay ({options.Mode}) is listening on {root}
                  API        {root}/api/...
                  Docs       {root}/docs   (OpenAPI: {root}/openapi/v1.json)
                  Dashboard  {root}/dashboard
                  Health     {root}/health/live   {root}/health/ready
                  Metrics    {metrics}
                """);
        }
    }
}
