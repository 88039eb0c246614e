namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// What one step of the projection adds, from the event after <see cref="FromPosition"/> to the one at
/// <see cref="ToPosition"/>: stored with the new position in one transaction, so each event counts once.
/// </summary>
public sealed class KpiBatch(long fromPosition)
{
    /// <summary>The category or region of a cell that sums every category or region of its day.</summary>
    public const string All = "*";

    /// <summary>The category and region of figures that belong to no job (payouts): only the day's totals show them.</summary>
    public const string NoJob = "-";

    public const string WorkerRole = "worker";
    public const string EmployerRole = "employer";

    public long FromPosition { get; } = fromPosition;

    public long ToPosition { get; set; } = fromPosition;

    public Dictionary<(DateOnly Day, string Category, string Region), KpiCounters> Cells { get; } = [];

    /// <summary>Who was active on which day, by role (<see cref="WorkerRole"/> or <see cref="EmployerRole"/>).</summary>
    public HashSet<(DateOnly Day, string Role, Guid UserId)> Active { get; } = [];

    public Dictionary<Guid, EmployerCounters> Employers { get; } = [];

    public KpiCounters Cell(DateOnly day, string category, string region) => Cells.GetOrNew((day, category, region));

    /// <summary>
    /// The cells as stored: each one, and its day's sums over every region of its category, every category of its
    /// region, and everything. A query then reads one row per day whatever it filters on.
    /// </summary>
    public Dictionary<(DateOnly Day, string Category, string Region), KpiCounters> CellsWithSums()
    {
        var stored = new Dictionary<(DateOnly Day, string Category, string Region), KpiCounters>();
        foreach (var ((day, category, region), counters) in Cells)
        {
            foreach (var key in new[] { (day, category, region), (day, category, All), (day, All, region), (day, All, All) })
            {
                stored.GetOrNew(key).Add(counters);
            }
        }

        return stored;
    }

    public EmployerCounters Employer(Guid employerId) => Employers.GetOrNew(employerId);
}
