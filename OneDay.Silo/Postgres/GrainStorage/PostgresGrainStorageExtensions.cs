using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace OneDay.Silo.Postgres.GrainStorage;

public static class PostgresGrainStorageExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresGrainStorage"/> as the grain storage named <paramref name="name"/>
    /// (what <c>[PersistentState(stateName, name)]</c> refers to). Its table comes from the migrations.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(
        this ISiloBuilder silo, string name, Action<PostgresGrainStorageOptions> configure)
    {
        silo.Services.AddOptions<PostgresGrainStorageOptions>(name).Configure(configure);
        silo.Services.TryAddSingleton<PostgresDataSources>();
        silo.Services.AddGrainStorage(name, Create);
        return silo;
    }

    private static PostgresGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new OrleansConfigurationException($"Grain storage '{name}' has no PostgreSQL connection string.");
        }

        return new PostgresGrainStorage(
            name,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<PostgresDataSources>().For(options.ConnectionString),
            options,
            services.GetRequiredService<Serializer>(),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<PostgresGrainStorage>>());
    }
}
