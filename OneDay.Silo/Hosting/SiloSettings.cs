using Microsoft.Extensions.Configuration;
using OneDay.Grains.Analytics.Kpis;
using OneDay.Grains.Payments;
using OneDay.Hosting;
using OneDay.Silo.Eventing;
using OneDay.Silo.Eventing.RabbitMq;
using OneDay.Silo.Postgres;
using OneDay.Silo.Security;

namespace OneDay.Silo.Hosting;

/// <summary>
/// The keys of the "OneDay" section only a silo reads; what silos and gateways share is
/// <see cref="OneDayOptions"/>. Named Settings, not Options, beside Orleans' own SiloOptions.
/// Environment variables use the usual double underscore: OneDay__Postgres__ConnectionString=...
/// </summary>
public sealed class SiloSettings
{
    /// <summary>Comma-separated domains this silo hosts, or "all".</summary>
    public string Domains { get; set; } = "all";

    /// <summary>Take pod identity from the Kubernetes downward API (POD_NAME, POD_IP, ...).</summary>
    public bool Kubernetes { get; set; }

    public PostgresOptions Postgres { get; set; } = new();

    public SiloEndpointOptions Silo { get; set; } = new();

    /// <summary>The silo's keys of "OneDay:Security"; the gateway binds the section's token keys to its own type.</summary>
    public AccountSecurityOptions Security { get; set; } = new();

    public StreamOptions Streams { get; set; } = new();

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>The payments domain's amounts, fee and withholding; read by the payments grains and the ledger.</summary>
    public PaymentOptions Payments { get; set; } = new();

    /// <summary>The KPI projection's query side; read by the analytics grains on every silo.</summary>
    public KpiOptions Kpis { get; set; } = new();

    /// <summary>
    /// Binds and validates a silo's keys. <paramref name="oneDay"/> is the shared part, read once per process
    /// (an embedded process reads it for its gateway and hands it to its silo).
    /// </summary>
    public static SiloSettings Read(IConfiguration configuration, OneDayOptions oneDay)
    {
        var settings = OneDayConfiguration.Read<SiloSettings>(configuration, OneDayConfiguration.SectionName, s => s.Problems());
        _ = settings.HostedDomains();
        if (oneDay.Mode == HostingMode.Cluster)
        {
            // Which database a silo needs depends on the domains it hosts; each refuses to start without its
            // own (see PostgresOptions.ConnectionStringFor). Here only the names given are checked.
            foreach (var domain in settings.Postgres.Domains.Keys)
            {
                if (!Grains.Interfaces.Domains.IsKnown(domain.ToLowerInvariant()))
                {
                    throw new OneDayConfigurationException($"OneDay:Postgres:Domains:{domain} names an unknown domain.");
                }
            }
        }

        return settings;
    }

    public IReadOnlyList<string> HostedDomains()
    {
        var text = Domains.Trim();
        if (text.Length == 0 || text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Grains.Interfaces.Domains.All;
        }

        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant())
            .Distinct()
            .ToArray();
        var unknown = names.Where(n => !Grains.Interfaces.Domains.IsKnown(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new OneDayConfigurationException(
                $"OneDay:Domains names unknown domain(s) {string.Join(", ", unknown)}; " +
                $"known: {string.Join(", ", Grains.Interfaces.Domains.All)} or 'all'.");
        }

        return names;
    }

    private IEnumerable<string> Problems()
    {
        var problems = OneDayConfiguration.Validate(Silo, Path(nameof(Silo)))
            .Concat(OneDayConfiguration.Validate(Security, Path(nameof(Security))))
            .Concat(OneDayConfiguration.Validate(Payments, Path(nameof(Payments))))
            .Concat(OneDayConfiguration.Validate(Kpis, Path(nameof(Kpis))))
            .Concat(OneDayConfiguration.Validate(Payments.Withholding, $"{Path(nameof(Payments))}:{nameof(Payments.Withholding)}"));
        if (Payments.MaxTopUpKrw > Payments.MaxMovementKrw)
        {
            problems = problems.Append("OneDay:Payments:MaxTopUpKrw must not exceed OneDay:Payments:MaxMovementKrw (a top-up is one movement).");
        }

        if (Streams.Provider != StreamProviderKind.RabbitMQ)
        {
            // Memory streams never reach the broker, so its settings are not held against them.
            return problems;
        }

        problems = problems.Concat(OneDayConfiguration.Validate(RabbitMq, Path(nameof(RabbitMq))));
        return RabbitMq.Prefetch > RabbitMq.CacheSize
            ? problems.Append("OneDay:RabbitMq:Prefetch must not exceed OneDay:RabbitMq:CacheSize (unacknowledged messages wait in the cache).")
            : problems;
    }

    private static string Path(string section) => $"{OneDayConfiguration.SectionName}:{section}";
}
