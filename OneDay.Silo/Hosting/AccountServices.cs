using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Security;
using OneDay.Silo.Infrastructure;
using OneDay.Silo.Security;

namespace OneDay.Silo.Hosting;

/// <summary>What the users and security grains need from the host: policy, hashing, clock, audit store.</summary>
public static class AccountServices
{
    public static IServiceCollection AddOneDayAccounts(this IServiceCollection services, OneDayOptions options)
    {
        var admin = options.Security.BootstrapAdminEmail;
        services.AddSingleton(new AccountPolicy(
            string.IsNullOrWhiteSpace(admin) ? null : EmailAddress.Normalize(admin),
            options.Security.PasswordHashIterations));
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<AuditForwarder>();
        services.TryAddSingleton(TimeProvider.System);
        if (options.Mode == HostingMode.Embedded)
        {
            services.AddSingleton<IAuditStore, InMemoryAuditStore>();
        }
        else
        {
            services.AddSingleton<IAuditStore>(_ => new PostgresAuditStore(
                PostgresDataSources.Build(options.Postgres.ConnectionStringFor(Domains.Security))));
        }

        return services;
    }
}
