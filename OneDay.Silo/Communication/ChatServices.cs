using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneDay.Grains.Communication;
using OneDay.Grains.Communication.Messages;
using OneDay.Grains.Interfaces;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;

namespace OneDay.Silo.Communication;

/// <summary>Where chat messages are kept: PostgreSQL in cluster mode, the process's memory in the embedded default.</summary>
public static class ChatServices
{
    public static IServiceCollection AddOneDayChat(this IServiceCollection services, OneDayOptions oneDay, SiloSettings settings)
    {
        services.AddMetrics();
        services.TryAddSingleton<CommunicationMetrics>();
        if (oneDay.Mode == HostingMode.Embedded)
        {
            services.AddSingleton<IChatMessageStore, MemoryChatMessageStore>();
        }
        else
        {
            // Its own data source (disposed with the store), made only on a silo whose grains chat.
            services.AddSingleton<IChatMessageStore>(_ => new PostgresChatMessageStore(
                PostgresDataSources.Build(settings.Postgres.ConnectionStringFor(Domains.Communication))));
        }

        return services;
    }
}
