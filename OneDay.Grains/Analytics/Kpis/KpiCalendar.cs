using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// KPI days are the Korean business days settlements already count in (<see cref="SettlementDay"/>: Korea Standard
/// Time, UTC+9, no daylight saving), where the marketplace works.
/// </summary>
public static class KpiCalendar
{
    public static DateOnly DayOf(DateTimeOffset at) => SettlementDay.Of(at);

    /// <summary>The Monday that starts the ISO week of <paramref name="day"/>.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
