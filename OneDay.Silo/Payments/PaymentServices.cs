using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Payments;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;

namespace OneDay.Silo.Payments;

/// <summary>What the payments grains need from the host: their settings, the clock and the ledger (the provider: <see cref="Providers.PaymentProviderServices"/>).</summary>
public static class PaymentServices
{
    public static IServiceCollection AddOneDayPayments(this IServiceCollection services, OneDayOptions oneDay, SiloSettings settings)
    {
        services.AddSingleton(settings.Payments);
        services.AddOneDayTime();
        if (oneDay.Mode == HostingMode.Embedded)
        {
            services.AddSingleton<ILedgerStore, InMemoryLedgerStore>();
        }
        else
        {
            // Its own data source (disposed with the store), made only on a silo whose grains use the ledger.
            services.AddSingleton<ILedgerStore>(_ => new PostgresLedgerStore(
                PostgresDataSources.Build(settings.Postgres.ConnectionStringFor(Domains.Payments)), settings.Payments));
        }

        return services;
    }
}
