using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching;
using OneDay.Grains.Matching.Employers;
using OneDay.Grains.Matching.Workers;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;
using Orleans.Serialization;

namespace OneDay.Silo.Matching;

/// <summary>Matching's settings, and where its worker read model is kept: PostgreSQL in cluster mode, memory embedded.</summary>
public static class MatchingServices
{
    public static IServiceCollection AddOneDayMatching(
        this IServiceCollection services, IConfiguration configuration, OneDayOptions oneDay, SiloSettings settings)
    {
        services.AddSingleton(OneDayConfiguration.Read<MatchingOptions>(configuration, MatchingOptions.SectionName));
        services.AddSingleton<SharedWorkerCells>();
        services.AddSingleton<SharedEmployerRecords>();
        if (oneDay.Mode == HostingMode.Embedded)
        {
            services.AddSingleton<IWorkerIndexStore, MemoryWorkerIndexStore>();
        }
        else
        {
            // Its own data source (disposed with the store), made only on a silo whose grains match.
            services.AddSingleton<IWorkerIndexStore>(sp => new PostgresWorkerIndexStore(
                PostgresDataSources.Build(settings.Postgres.ConnectionStringFor(Domains.Matching)),
                sp.GetRequiredService<Serializer<WorkerIndexEntry>>()));
        }

        return services;
    }
}
