using System.ComponentModel.DataAnnotations;

namespace OneDay.Grains.Matching;

/// <summary>The "OneDay:Matching" section, read by the matching silos.</summary>
public sealed class MatchingOptions
{
    public const string SectionName = "OneDay:Matching";

    /// <summary>How many workers a new job is announced to ("new job near you"), best first.</summary>
    [Range(0, 1000)]
    public int NewJobAlertWorkers { get; set; } = 50;

    /// <summary>The most "new job near you" notifications one worker gets in a day (Korea Standard Time).</summary>
    [Range(1, 100)]
    public int NewJobAlertsPerWorkerPerDay { get; set; } = 5;
}
