using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Security;
using OneDay.Grains.Users;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;

namespace OneDay.Silo.Security;

/// <summary>What the users and security grains need from the host: policy, hashing, clock, audit store.</summary>
public static class AccountServices
{
    public static IServiceCollection AddOneDayAccounts(this IServiceCollection services, OneDayOptions oneDay, SiloSettings settings)
    {
        var admin = settings.Security.BootstrapAdminEmail;
        services.AddSingleton(new AccountPolicy(
            string.IsNullOrWhiteSpace(admin) ? null : EmailAddress.Normalize(admin),
            settings.Security.PasswordHashIterations));
        services.AddSingleton(ReadSiloKeys(oneDay.Mode, settings.Security));
        services.AddSingleton<EmailIndexKeys>();
        services.AddSingleton<EmailVerificationTokens>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<AuditForwarder>();
        services.AddOneDayTime();
        services.TryAddSingleton(sp => new SignInClock(sp.GetRequiredService<TimeProvider>()));
        if (oneDay.Mode == HostingMode.Embedded)
        {
            services.AddSingleton<IAuditStore, InMemoryAuditStore>();
        }
        else
        {
            services.AddSingleton<IAuditStore>(_ => new PostgresAuditStore(
                PostgresDataSources.Build(settings.Postgres.ConnectionStringFor(Domains.Security))));
        }

        return services;
    }

    private static SiloKeys ReadSiloKeys(HostingMode mode, AccountSecurityOptions security)
    {
        var key = SecretKeyReader.Read(
            "OneDay:Security:SiloKey", security.SiloKey, security.SiloKeyFile, SiloKeys.MinimumSecretBytes);
        if (key is not null)
        {
            return new SiloKeys(key);
        }

        // One embedded process stores nothing past its life, so a key that dies with it loses nothing.
        return mode == HostingMode.Embedded
            ? SiloKeys.Ephemeral()
            : throw new OneDayConfigurationException(
                "Cluster mode needs a secret shared by every silo: set OneDay:Security:SiloKey " +
                $"(environment variable OneDay__Security__SiloKey), or OneDay:Security:SiloKeyFile, to at least {SiloKeys.MinimumSecretBytes} random bytes, base64.");
    }
}
