using System.ComponentModel.DataAnnotations;
using OneDay.Hosting.Telemetry;

namespace OneDay.Hosting;

public enum HostingMode
{
    /// <summary>One process, no infrastructure: localhost clustering and in-memory providers.</summary>
    Embedded,

    /// <summary>Several processes on PostgreSQL (membership, grain state, reminders).</summary>
    Cluster,
}

/// <summary>
/// The keys of the "OneDay" section that silos and gateways both read, so the standalone silo, the
/// gateway and the embedded host cannot drift on them. A key only one kind of process reads is declared
/// beside the code that reads it (OneDay.Silo's SiloSettings; OneDay.Api's GatewaySettings and sections).
/// Environment variables use the usual double underscore: OneDay__Mode=Cluster.
/// </summary>
public sealed class OneDayOptions
{
    public const string SectionName = OneDayConfiguration.SectionName;

    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "oneday-local";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "oneday";

    public ClusterTlsOptions Tls { get; set; } = new();

    public bool Dashboard { get; set; } = true;

    public TelemetryOptions Telemetry { get; set; } = new();

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
}

public sealed class OneDayConfigurationException(string message) : Exception(message);
