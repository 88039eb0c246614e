using System.ComponentModel.DataAnnotations;

namespace OneDay.Hosting;

public enum HostingMode
{
    /// <summary>One process, no infrastructure: localhost clustering and in-memory providers.</summary>
    Embedded,

    /// <summary>Several processes on PostgreSQL (membership, grain state, reminders).</summary>
    Cluster,
}

/// <summary>
/// The "OneDay" configuration section. Every provider choice of a silo or gateway is derived from
/// this one object, so the standalone silo, the embedded gateway and the test cluster cannot drift.
/// Environment variables use the usual double underscore: OneDay__Mode=Cluster.
/// </summary>
public sealed class OneDayOptions
{
    public const string SectionName = "OneDay";

    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "oneday-local";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "oneday";

    /// <summary>Comma-separated domains this silo hosts, or "all".</summary>
    public string Domains { get; set; } = "all";

    public PostgresOptions Postgres { get; set; } = new();

    public SiloEndpointOptions Silo { get; set; } = new();

    /// <summary>The silo's part of "OneDay:Security" (the gateway reads its token settings from the same section).</summary>
    public AccountSecurityOptions Security { get; set; } = new();

    public StreamOptions Streams { get; set; } = new();

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public ClusterTlsOptions Tls { get; set; } = new();

    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// How often the dashboard samples the silo's counters and reads its telemetry. Each read walks every
    /// activation (the pending-request gauge), which costs a burst of CPU on a silo holding a few hundred
    /// thousand grains, so the default trades the dashboard's 1-second freshness for 10 seconds.
    /// </summary>
    [Range(1, 3600)]
    public int DashboardCounterIntervalSeconds { get; set; } = 10;

    /// <summary>The dashboard's settings, the same for a silo and a gateway.</summary>
    public void ConfigureDashboard(Orleans.Dashboard.DashboardOptions dashboard) =>
        dashboard.CounterUpdateIntervalMs = DashboardCounterIntervalSeconds * 1000;

    /// <summary>
    /// For a gateway in cluster mode: comma-separated silo gateway endpoints (host:port), where a DNS name
    /// stands for every address it resolves to (see <see cref="DnsGatewayListProvider"/>).
    /// </summary>
    public string? Gateways { get; set; }

    /// <summary>Take pod identity from the Kubernetes downward API (POD_NAME, POD_IP, ...).</summary>
    public bool Kubernetes { get; set; }

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
}

public sealed class AccountSecurityOptions
{
    /// <summary>The first registration of this email makes the account an admin, once: how a fresh cluster gets its first admin.</summary>
    [EmailAddress]
    public string? BootstrapAdminEmail { get; set; }

    /// <summary>PBKDF2-HMAC-SHA512 rounds for password hashes (OWASP 2023: at least 210,000).</summary>
    [Range(10_000, 10_000_000)]
    public int PasswordHashIterations { get; set; } = 210_000;

    /// <summary>
    /// The silos' own secret (base64, at least 32 bytes), from which keyed hashes and MACs are derived (see
    /// SiloKeys). Every silo of a cluster must share it; gateways never hold it. Embedded mode makes one.
    /// </summary>
    public string? SiloKey { get; set; }

    /// <summary>A file holding the silo key (base64) instead of <see cref="SiloKey"/>: a generated or mounted secret.</summary>
    public string? SiloKeyFile { get; set; }
}

public sealed class PostgresOptions
{
    /// <summary>Npgsql connection string for membership, reminders and every domain without its own.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Per-domain overrides (database per service): OneDay__Postgres__Domains__payments=...</summary>
    public Dictionary<string, string> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string ConnectionStringFor(string domain) =>
        Domains.TryGetValue(domain, out var own) && !string.IsNullOrWhiteSpace(own)
            ? own
            : ConnectionString ?? throw new OneDayConfigurationException(
                $"Cluster mode needs OneDay:Postgres:ConnectionString (or OneDay:Postgres:Domains:{domain}).");

    /// <summary>Membership and reminders are cluster-wide, so they always live in the default database.</summary>
    public string ClusterConnectionString => string.IsNullOrWhiteSpace(ConnectionString)
        ? throw new OneDayConfigurationException("Cluster mode needs OneDay:Postgres:ConnectionString.")
        : ConnectionString;

    /// <summary>Every distinct database the cluster uses, so a migration reaches all of them.</summary>
    public IReadOnlyList<string> AllConnectionStrings() =>
        new[] { ConnectionString }
            .Concat(Domains.Values)
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => c!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}

public sealed class SiloEndpointOptions
{
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on; defaults to loopback when unset.</summary>
    public string? AdvertisedAddress { get; set; }
}

public enum StreamProviderKind
{
    /// <summary>Orleans memory streams: nothing to run, lost with the silo. The embedded default.</summary>
    Memory,

    /// <summary>Durable queues on RabbitMQ (OneDay:RabbitMq:*), acknowledged after Orleans delivered them.</summary>
    RabbitMQ,
}

public sealed class StreamOptions
{
    public StreamProviderKind Provider { get; set; } = StreamProviderKind.Memory;
}

public sealed class RabbitMqOptions
{
    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string UserName { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";

    [Required]
    public string VirtualHost { get; set; } = "/";

    /// <summary>How many durable queues the streams are spread over (Orleans' hash ring maps streams to them).</summary>
    [Range(1, 256)]
    public int QueueCount { get; set; } = 8;

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string QueueNamePrefix { get; set; } = "oneday-events";

    /// <summary>Unacknowledged deliveries per queue; they sit in Orleans' cache until delivered, so keep it below CacheSize.</summary>
    [Range(1, 65535)]
    public int Prefetch { get; set; } = 1000;

    /// <summary>
    /// Confirm channels a silo or gateway publishes on concurrently. Each publish waits for its confirm,
    /// so this bounds the events in flight to the broker (its fsync batches grow with it). With the broker
    /// sharing a busy disk, a confirm took 25-45 ms, and 16 channels capped a silo at about 600 events/s;
    /// 64 nearly doubled the job-apply bench (bench/results, 2026-11-25), 256 gained nothing more.
    /// </summary>
    [Range(1, 256)]
    public int PublisherChannels { get; set; } = 64;

    /// <summary>Messages Orleans' cache keeps per queue before it applies back-pressure.</summary>
    [Range(16, 1_000_000)]
    public int CacheSize { get; set; } = 4096;
}

public sealed class OneDayConfigurationException(string message) : Exception(message);
