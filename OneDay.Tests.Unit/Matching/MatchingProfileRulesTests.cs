using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching;

namespace OneDay.Tests.Unit.Matching;

/// <summary>What a matching profile may hold: each rule names its field, and a good profile is stored normalised.</summary>
public sealed class MatchingProfileRulesTests
{
    private static readonly MatchingProfile Good = new(
        [new SkillLevel("Barista", 3), new SkillLevel("latte art", 2)],
        ["cafe"],
        new GeoPoint(37.5665, 126.978),
        5,
        [new AvailabilityWindow(DayOfWeek.Tuesday, 9 * 60, 18 * 60), new AvailabilityWindow(DayOfWeek.Tuesday, 18 * 60, 24 * 60)],
        12_000,
        ["ko", "en"]);

    [Fact]
    public void A_good_profile_passes_and_is_stored_normalised()
    {
        Assert.Empty(MatchingProfileRules.Validate(Good));

        var stored = MatchingProfileRules.Normalize(Good with { Languages = ["KO", "en"] });
        Assert.Equal(["barista", "latte art"], stored.Skills.Select(s => s.Name));
        Assert.Equal(["en", "ko"], stored.Languages);
    }

    public static TheoryData<string, MatchingProfile> BadProfiles => new()
    {
        { "home", Good with { Home = new GeoPoint(91, 0) } },
        { "home", Good with { Home = new GeoPoint(0, -180.5) } },
        { "home", Good with { Home = new GeoPoint(double.NaN, 0) } },
        { "skills", Good with { Skills = [] } },
        { "skills", Good with { Skills = [.. Enumerable.Range(0, MatchingLimits.MaxSkills + 1).Select(i => new SkillLevel($"skill {i}", 1))] } },
        { "skills", Good with { Skills = [new SkillLevel("barista", 6)] } },
        { "skills", Good with { Skills = [new SkillLevel("barista", 2), new SkillLevel(" BARISTA", 3)] } },
        { "skills", Good with { Skills = [new SkillLevel("<b>", 2)] } },
        { "skills", Good with { Skills = [new SkillLevel(new string('x', MatchingLimits.MaxNameLength + 1), 2)] } },
        { "preferredCategories", Good with { PreferredCategories = [.. Enumerable.Range(0, MatchingLimits.MaxCategories + 1).Select(i => $"c{i}")] } },
        { "maxTravelKm", Good with { MaxTravelKm = 0 } },
        { "maxTravelKm", Good with { MaxTravelKm = double.PositiveInfinity } },
        { "availability", Good with { Availability = [new AvailabilityWindow(DayOfWeek.Monday, 600, 540)] } },
        { "availability", Good with { Availability = [new AvailabilityWindow(DayOfWeek.Monday, 600, 600)] } },
        { "availability", Good with { Availability = [new AvailabilityWindow(DayOfWeek.Monday, 540, 720), new AvailabilityWindow(DayOfWeek.Monday, 700, 800)] } },
        { "availability", Good with { Availability = [new AvailabilityWindow(DayOfWeek.Monday, 0, 1441)] } },
        { "availability", Good with { Availability = [new AvailabilityWindow((DayOfWeek)7, 0, 60)] } },
        { "minimumHourlyPayKrw", Good with { MinimumHourlyPayKrw = -1 } },
        { "languages", Good with { Languages = ["korean"] } },
        { "languages", Good with { Languages = ["ko", "KO"] } },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public void A_bad_profile_names_its_field(string field, MatchingProfile profile)
    {
        Assert.Contains(MatchingProfileRules.Validate(profile), e => e.Field == field);
    }

    [Fact]
    public void Windows_of_different_days_may_share_hours_and_touching_windows_do_not_overlap()
    {
        var profile = Good with
        {
            Availability = [new AvailabilityWindow(DayOfWeek.Monday, 540, 720), new AvailabilityWindow(DayOfWeek.Friday, 540, 720), new AvailabilityWindow(DayOfWeek.Monday, 720, 900)],
        };

        Assert.Empty(MatchingProfileRules.Validate(profile));
    }
}
