using OneDay.Hosting;

namespace OneDay.Silo.Postgres;

/// <summary>The "OneDay:Postgres" section: a silo's databases; gateways hold no database credentials.</summary>
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
