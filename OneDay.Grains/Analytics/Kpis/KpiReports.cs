using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>Turns the store's days and active-user counts into the report's rows, one per day or ISO week.</summary>
public static class KpiReports
{
    public static IReadOnlyList<KpiRow> Rows(
        KpiQuery query,
        IReadOnlyList<(DateOnly Day, KpiCounters Counters)> days,
        IReadOnlyList<(DateOnly PeriodStart, string Role, long Users)> active)
    {
        var periods = new SortedDictionary<DateOnly, KpiCounters>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            periods.TryAdd(Start(query.Granularity, day), new KpiCounters());
        }

        foreach (var (day, counters) in days)
        {
            periods[Start(query.Granularity, day)].Add(counters);
        }

        return periods.Select(p => Row(p.Key, p.Value, active)).ToArray();
    }

    /// <summary>The first day of the period <paramref name="day"/> falls in.</summary>
    public static DateOnly Start(KpiGranularity granularity, DateOnly day) =>
        granularity == KpiGranularity.Week ? KpiCalendar.WeekOf(day) : day;

    private static KpiRow Row(DateOnly start, KpiCounters c, IReadOnlyList<(DateOnly PeriodStart, string Role, long Users)> active) => new(
        start,
        c.JobsPosted,
        c.JobsFilled,
        c.JobsCompleted,
        c.JobsCancelled,
        c.JobsExpired,
        c.Applications,
        c.AcceptedApplications,
        c.ShiftsWorked,
        c.NoShows,
        c.SettledKrw,
        Ratio(c.JobsFilled, c.JobsPosted),
        KpiDurations.Median(c.FillMinutes),
        Ratio(c.NoShows, c.NoShows + c.ShiftsWorked),
        Users(active, start, KpiBatch.WorkerRole),
        Users(active, start, KpiBatch.EmployerRole),
        c.EscrowedKrw,
        c.RevenueKrw,
        c.PaidOutKrw,
        c.ReplyMinutes.Sum(),
        KpiDurations.Median(c.ReplyMinutes));

    private static double? Ratio(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static long Users(IReadOnlyList<(DateOnly PeriodStart, string Role, long Users)> active, DateOnly start, string role) =>
        active.Where(a => a.PeriodStart == start && a.Role == role).Sum(a => a.Users);
}
