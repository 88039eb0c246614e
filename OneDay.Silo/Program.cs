using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OneDay.Hosting;
using OneDay.Hosting.Telemetry;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;
using OneDay.Silo.Postgres.Migrations;

namespace OneDay.Silo;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["secrets", var directory])
        {
            foreach (var file in ClusterSecrets.CreateMissing(directory))
            {
                Console.WriteLine($"secrets: wrote {file}");
            }

            return 0;
        }

        // A web host only for /metrics (OneDay:Telemetry:MetricsUrl); grain traffic has its own ports.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args.Where(a => a != "migrate").ToArray() });
        // Beneath every other source, so files, variables and arguments still override them. A standalone silo
        // is a cluster member unless told otherwise, so a missing connection string is a clear start-up error
        // rather than a lonely in-memory silo.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["OneDay:Mode"] = nameof(HostingMode.Cluster),
                ["OneDay:Telemetry:MetricsUrl"] = TelemetryOptions.SiloMetricsUrl,
                ["Logging:LogLevel:Orleans"] = "Warning",
                ["Logging:LogLevel:Polly"] = "Warning",
                ["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Information",
                // One line per scrape otherwise.
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });
        TelemetryOptions telemetry;
        try
        {
            var oneDay = OneDayConfiguration.Read(builder.Configuration);
            var settings = SiloSettings.Read(builder.Configuration, oneDay);
            telemetry = oneDay.Telemetry;
            if (telemetry.MetricsUrl is null)
            {
                throw new OneDayConfigurationException("OneDay:Telemetry:MetricsUrl must name the silo's metrics listener, such as http://+:9464.");
            }
            if (args.Contains("migrate"))
            {
                return await MigrateAsync(settings.Postgres);
            }

            // UseOrleans configures the silo at once, so what the providers check (connection strings, the
            // silo key, TLS files) stops the start here too.
            builder.UseOrleans(silo => silo.UseOneDayMembership(oneDay, settings).UseOneDayProviders(oneDay, settings));
        }
        catch (OneDayConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"OneDay.Silo: {ex.Message}");
            return 2;
        }

        builder.WebHost.UseUrls(telemetry.MetricsUrl);
        builder.Services.AddOneDayTelemetry(telemetry, "oneday-silo", metrics => metrics.AddMeter("Npgsql"), tracing => tracing.AddNpgsql());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHostedService<ShutdownWatchdog>();
        await using var app = builder.Build();
        app.UseOneDayMetrics(telemetry);
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> MigrateAsync(PostgresOptions postgres)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var migrator = new SchemaMigrator(loggerFactory.CreateLogger<SchemaMigrator>());
        var databases = postgres.AllConnectionStrings();
        if (databases.Count == 0)
        {
            await Console.Error.WriteLineAsync("OneDay.Silo migrate: set OneDay:Postgres:ConnectionString first.");
            return 2;
        }

        foreach (var connectionString in databases)
        {
            var report = await migrator.MigrateAsync(connectionString);
            Console.WriteLine($"migrate: {report.Applied.Count} applied, {report.Known} known");
        }

        return 0;
    }
}
