using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneDay.Grains.Eventing;
using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;

namespace OneDay.Silo.Eventing;

public static class EventServices
{
    /// <summary>The event store every outbox appends to: in-memory when embedded, PostgreSQL in a cluster.</summary>
    public static ISiloBuilder AddOneDayEventStore(this ISiloBuilder silo, OneDayOptions oneDay, SiloSettings settings)
    {
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<EventMetrics>();
        if (oneDay.Mode == HostingMode.Embedded)
        {
            silo.Services.AddSingleton<IEventStore, MemoryEventStore>();
        }
        else
        {
            var connectionString = settings.Postgres.ConnectionStringFor(Domains.Analytics);
            // Its own data source (disposed with the store), so it never clashes with another component's.
            silo.Services.AddSingleton<IEventStore>(_ => new PostgresEventStore(PostgresDataSources.Build(connectionString)));
        }

        return silo;
    }
}
