using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Scoring;
using OneDay.Testing.Matching;

namespace OneDay.Tests.Unit.Matching;

/// <summary>The hours-of-the-week prefilter on a worker's flat key never drops a shift their windows cover.</summary>
public sealed class WeeklyHoursTests
{
    [Fact]
    public void A_shift_the_windows_cover_always_may_be_covered_and_most_others_are_dropped()
    {
        var random = new Random(3);
        var (covered, dropped, uncovered) = (0, 0, 0);
        foreach (var (_, profile) in new SyntheticCity(8).Workers(300))
        {
            var availability = new WeeklyAvailability(profile.Availability);
            var hours = WeeklyHours.Of(profile.Availability);
            for (var i = 0; i < 200; i++)
            {
                // Any minute of two weeks, 30 minutes to 12 hours long, so shifts cross midnight and the week's end.
                var start = SyntheticCity.Epoch.AddMinutes(random.Next(14 * MatchingLimits.MinutesPerDay)).AddSeconds(random.Next(2) * 30);
                var end = start.AddMinutes(30 + random.Next(12 * 60));
                var mayCover = hours.MayCover(
                    WeeklyAvailability.MinuteOfWeek(start.UtcTicks), WeeklyAvailability.LengthMinutes(end.UtcTicks - start.UtcTicks));
                if (availability.Covers(start, end))
                {
                    Assert.True(mayCover, $"{start:O}-{end:O} fits the windows but was dropped");
                    covered++;
                }
                else
                {
                    uncovered++;
                    dropped += mayCover ? 0 : 1;
                }
            }
        }

        Assert.True(covered > 1_000, $"only {covered} covered shifts: the test would prove little");
        Assert.True(dropped > uncovered / 2, $"only {dropped} of {uncovered} shifts outside the windows were dropped");
    }

    [Fact]
    public void A_night_shift_across_windows_that_meet_at_midnight_may_be_covered()
    {
        AvailabilityWindow[] windows = [new(DayOfWeek.Saturday, 20 * 60, 24 * 60), new(DayOfWeek.Sunday, 0, 4 * 60)];
        var hours = WeeklyHours.Of(windows);
        var saturday22 = new DateTimeOffset(2026, 12, 12, 22, 0, 0, TimeSpan.FromHours(9));

        Assert.True(hours.MayCover(WeeklyAvailability.MinuteOfWeek(saturday22.UtcTicks), 4 * 60));
        Assert.False(hours.MayCover(WeeklyAvailability.MinuteOfWeek(saturday22.UtcTicks), 7 * 60));
        Assert.False(hours.MayCover(WeeklyAvailability.MinuteOfWeek(saturday22.AddHours(-4).UtcTicks), 2 * 60));
    }
}
