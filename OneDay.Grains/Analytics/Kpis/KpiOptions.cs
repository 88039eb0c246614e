using System.ComponentModel.DataAnnotations;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>The "OneDay:Kpis" keys, bound by the silo with its other keys (SiloSettings).</summary>
public sealed class KpiOptions
{
    /// <summary>
    /// How long a silo answers the same KPI query from memory. The projection trails the event store by a second
    /// or more anyway; dashboards refreshing together then cost one read. 0 reads the store every time.
    /// </summary>
    [Range(0, 60)]
    public int ReportCacheSeconds { get; set; } = 1;
}
