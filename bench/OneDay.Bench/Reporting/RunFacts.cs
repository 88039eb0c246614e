namespace OneDay.Bench.Reporting;

/// <summary>The run's circumstances for its results: command line, times, machine, tools and git state.</summary>
internal sealed record RunFacts
{
    public required string ShortName { get; init; }
    public required string Invocation { get; init; }
    public required string StartedAt { get; init; }
    public string FinishedAt { get; set; } = "";
    public required string LoadBefore { get; init; }
    public string LoadAfter { get; set; } = "";
    public bool Embedded { get; init; }
    public bool Cluster { get; init; }
    public string GcModes { get; set; } = "";
    public string CpuModel { get; set; } = "";
    public string MemoryGiB { get; set; } = "";
    public string Kernel { get; set; } = "";
    public string DotnetVersion { get; set; } = "";
    public string AspNetVersion { get; set; } = "";
    public string WrkVersion { get; set; } = "";
    public string PgbenchVersion { get; set; } = "";
    public string Commit { get; set; } = "unknown";
    public string Branch { get; set; } = "unknown";
    public int Changed { get; set; }
}
