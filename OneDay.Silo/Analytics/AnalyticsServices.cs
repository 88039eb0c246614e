using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneDay.Grains.Analytics.Kpis;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;

namespace OneDay.Silo.Analytics;

public static partial class AnalyticsServices
{
    /// <summary>
    /// The KPI store on every silo (any silo may answer a query), and on the silos hosting analytics a start that
    /// sets the live projection going; its reminder brings it back if its silo is lost.
    /// </summary>
    public static ISiloBuilder AddOneDayAnalytics(this ISiloBuilder silo, OneDayOptions oneDay, SiloSettings settings)
    {
        silo.Services.AddSingleton(settings.Kpis);
        silo.Services.AddSingleton<KpiReportCache>();
        if (oneDay.Mode == HostingMode.Embedded)
        {
            silo.Services.AddSingleton<IKpiStore, MemoryKpiStore>();
        }
        else
        {
            var connectionString = settings.Postgres.ConnectionStringFor(Domains.Analytics);
            silo.Services.AddSingleton<IKpiStore>(_ => new PostgresKpiStore(PostgresDataSources.Build(connectionString)));
        }

        if (settings.HostedDomains().Contains(Domains.Analytics))
        {
            silo.AddStartupTask(StartProjectionAsync);
        }

        return silo;
    }

    private static async Task StartProjectionAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<IGrainFactory>().Reference<IKpiProjectorGrain>(KpiProjections.Live).Start();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next analytics silo to start registers it; queries answer from what is projected meanwhile.
            LogNotStarted(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AnalyticsServices)), ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The KPI projection could not be started; the next analytics silo to start starts it")]
    private static partial void LogNotStarted(ILogger logger, Exception exception);
}
