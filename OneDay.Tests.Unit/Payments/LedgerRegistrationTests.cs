using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Payments;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Payments;
using OneDay.Silo.Postgres;

namespace OneDay.Tests.Unit.Payments;

/// <summary>As the audit and event stores: the ledger is memory when embedded, PostgreSQL in a cluster.</summary>
public sealed class LedgerRegistrationTests
{
    [Fact]
    public async Task Embedded_mode_keeps_the_ledger_in_memory()
    {
        await using var services = new ServiceCollection().AddOneDayPayments(new OneDayOptions(), new SiloSettings()).BuildServiceProvider();

        Assert.IsType<InMemoryLedgerStore>(services.GetRequiredService<ILedgerStore>());
        Assert.Same(services.GetRequiredService<PaymentOptions>(), services.GetRequiredService<PaymentOptions>());
    }

    [Fact]
    public async Task Cluster_mode_keeps_it_in_the_payments_database()
    {
        var settings = new SiloSettings();
        settings.Postgres.ConnectionString = "Host=127.0.0.1;Database=oneday";
        settings.Postgres.Domains["payments"] = "Host=127.0.0.1;Database=payments";

        await using var services = new ServiceCollection()
            .AddOneDayPayments(new OneDayOptions { Mode = HostingMode.Cluster }, settings).BuildServiceProvider();

        Assert.IsType<PostgresLedgerStore>(services.GetRequiredService<ILedgerStore>());
    }
}
