using System.ComponentModel.DataAnnotations;

namespace OneDay.Api.Health;

/// <summary>The "OneDay:Health" section: how often this gateway probes the cluster for /health/ready.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "OneDay:Health";

    /// <summary>
    /// Seconds between two background probes (a grain call that writes and reads a row in every domain's
    /// storage). /health/ready answers from the latest result, so its cost does not grow with its callers.
    /// </summary>
    [Range(1, 300)]
    public int ReadinessIntervalSeconds { get; set; } = 5;

    public TimeSpan Interval => TimeSpan.FromSeconds(ReadinessIntervalSeconds);
}
