using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Scoring;

/// <summary>
/// The hours of the week (from Sunday 00:00 KST) that some window of a worker touches, as 168 bits on a search's flat
/// key: a shift inside the windows touches only such hours, so a shift that touches another one cannot fit, and the
/// worker is passed over without reading their windows.
/// </summary>
internal readonly record struct WeeklyHours(ulong Low, ulong Middle, ulong High)
{
    private const int HoursPerWeek = 7 * 24;

    public static WeeklyHours Of(IReadOnlyList<AvailabilityWindow> windows)
    {
        Span<ulong> bits = stackalloc ulong[3];
        bits.Clear();
        foreach (var w in windows)
        {
            var first = ((int)w.Day * 24) + (w.StartMinute / 60);
            var last = ((int)w.Day * 24) + ((w.EndMinute - 1) / 60);
            for (var hour = first; hour <= last; hour++)
            {
                bits[hour / 64] |= 1UL << (hour % 64);
            }
        }

        return new WeeklyHours(bits[0], bits[1], bits[2]);
    }

    /// <summary>False only when the shift certainly does not fit: it touches an hour no window touches.</summary>
    /// <param name="startMinuteOfWeek">From <see cref="WeeklyAvailability.MinuteOfWeek"/>.</param>
    public bool MayCover(int startMinuteOfWeek, int lengthMinutes)
    {
        if (lengthMinutes <= 0 || lengthMinutes > MatchingLimits.MinutesPerDay)
        {
            // Never fits; the rules say so themselves.
            return true;
        }

        var first = startMinuteOfWeek / 60;
        var last = (startMinuteOfWeek + lengthMinutes - 1) / 60;
        for (var hour = first; hour <= last; hour++)
        {
            var h = hour % HoursPerWeek;
            var word = h < 64 ? Low : h < 128 ? Middle : High;
            if ((word & (1UL << (h % 64))) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
