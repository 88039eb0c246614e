namespace OneDay.Grains.Analytics.Kpis;

/// <summary>KPI days are days of Korea Standard Time (UTC+9, no daylight saving), where the marketplace works.</summary>
public static class KpiCalendar
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Kst).DateTime);

    /// <summary>The Monday that starts the ISO week of <paramref name="day"/>.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
