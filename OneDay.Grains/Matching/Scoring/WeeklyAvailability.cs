using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Scoring;

/// <summary>
/// A worker's weekly windows as one timeline of minutes from Sunday 00:00 Korea Standard Time (no daylight saving),
/// merged where they touch, so a night shift from Saturday 22:00 to Sunday 02:00 fits windows that end and begin at
/// midnight.
/// </summary>
public sealed class WeeklyAvailability
{
    private const int MinutesPerWeek = 7 * MatchingLimits.MinutesPerDay;
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    // The week twice over, so a shift that crosses from Saturday into Sunday is found without special cases.
    private readonly List<(int Start, int End)> _merged;
    private readonly IReadOnlyList<AvailabilityWindow> _windows;

    public WeeklyAvailability(IReadOnlyList<AvailabilityWindow> windows)
    {
        _windows = windows;
        var spans = windows.Select(w => (Start: (int)w.Day * MatchingLimits.MinutesPerDay + w.StartMinute, End: (int)w.Day * MatchingLimits.MinutesPerDay + w.EndMinute))
            .SelectMany(s => new[] { s, (Start: s.Start + MinutesPerWeek, End: s.End + MinutesPerWeek) })
            .OrderBy(s => s.Start);
        _merged = [];
        foreach (var span in spans)
        {
            if (_merged.Count > 0 && span.Start <= _merged[^1].End)
            {
                _merged[^1] = (_merged[^1].Start, Math.Max(_merged[^1].End, span.End));
            }
            else
            {
                _merged.Add(span);
            }
        }
    }

    /// <summary>Whether the whole shift lies inside the windows; shifts longer than a day never do.</summary>
    public bool Covers(DateTimeOffset startsAt, DateTimeOffset endsAt) => Covers(startsAt.UtcTicks, endsAt.UtcTicks);

    /// <inheritdoc cref="Covers(DateTimeOffset, DateTimeOffset)"/>
    /// <remarks>On UTC ticks, as the search index's flat keys hold them, so a ranking tests this before reading an entry.</remarks>
    public bool Covers(long startsAtUtcTicks, long endsAtUtcTicks)
    {
        var lengthTicks = endsAtUtcTicks - startsAtUtcTicks;
        if (lengthTicks <= 0 || lengthTicks > TimeSpan.TicksPerDay)
        {
            return false;
        }

        var length = LengthMinutes(lengthTicks);
        // Indexed, not Any or foreach: this runs for every job a worker is matched against and must not allocate.
        var start = MinuteOfWeek(startsAtUtcTicks);
        for (var i = 0; i < _merged.Count; i++)
        {
            var (spanStart, spanEnd) = _merged[i];
            if (spanStart <= start && start + length <= spanEnd)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The window the shift starts in, for the explanation.</summary>
    public string Describe(DateTimeOffset startsAt)
    {
        var local = startsAt.ToOffset(Kst);
        var minute = local.Hour * 60 + local.Minute;
        var window = _windows.FirstOrDefault(w => w.Day == local.DayOfWeek && w.StartMinute <= minute && minute < w.EndMinute);
        return window is null
            ? $"fits your availability from {local.DayOfWeek}"
            : $"fits your {window.Day} {Clock(window.StartMinute)}-{Clock(window.EndMinute)} window";
    }

    /// <summary>A shift's length in whole minutes, a part minute counted whole.</summary>
    internal static int LengthMinutes(long lengthTicks) => (int)((lengthTicks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute);

    /// <summary>Minutes since Sunday 00:00 KST, the start's seconds dropped. Tick 0 (1 January 0001) was a Monday.</summary>
    internal static int MinuteOfWeek(long utcTicks) =>
        (int)((((utcTicks + Kst.Ticks) / TimeSpan.TicksPerMinute) + MatchingLimits.MinutesPerDay) % MinutesPerWeek);

    private static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}
