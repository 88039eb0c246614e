using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Interfaces.Matching;

/// <summary>A skill a worker has, and how well: 1 (learning) to 5 (expert).</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.skill-level")]
public sealed record SkillLevel([property: Id(0)] string Name, [property: Id(1)] int Level);

/// <summary>
/// A weekly window a worker can work in, in Korea Standard Time: <paramref name="StartMinute"/> to
/// <paramref name="EndMinute"/> minutes after midnight of <paramref name="Day"/> (end 1440 = midnight after).
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.availability-window")]
public sealed record AvailabilityWindow(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] int StartMinute,
    [property: Id(2)] int EndMinute);

/// <summary>What matching knows a worker wants and can do: the input of the hard rules and the score.</summary>
/// <param name="MaxTravelKm">How far from <paramref name="Home"/> they will go, in a straight line.</param>
/// <param name="MinimumHourlyPayKrw">Their own floor; 0 = the legal minimum wage.</param>
/// <param name="Languages">ISO 639-1 codes of the languages they speak.</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.profile")]
public sealed record MatchingProfile(
    [property: Id(0)] IReadOnlyList<SkillLevel> Skills,
    [property: Id(1)] IReadOnlyList<string> PreferredCategories,
    [property: Id(2)] GeoPoint Home,
    [property: Id(3)] double MaxTravelKm,
    [property: Id(4)] IReadOnlyList<AvailabilityWindow> Availability,
    [property: Id(5)] long MinimumHourlyPayKrw,
    [property: Id(6)] IReadOnlyList<string> Languages);

/// <summary>A stored profile, normalised (names lower-case, windows in week order), and its version for If-Match.</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.profile-view")]
public sealed record MatchingProfileView(
    [property: Id(0)] Guid WorkerId,
    [property: Id(1)] MatchingProfile Profile,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Alias("oneday.matching.profile-outcome")]
public enum MatchingProfileOutcome
{
    Saved = 0,
    Invalid = 1,

    /// <summary>The expected version is not the stored one: someone else edited it since it was read.</summary>
    VersionMismatch = 2,
}

[GenerateSerializer, Immutable, Alias("oneday.matching.profile-result")]
public sealed record MatchingProfileResult(
    [property: Id(0)] MatchingProfileOutcome Outcome,
    [property: Id(1)] MatchingProfileView? View,
    [property: Id(2)] IReadOnlyList<FieldError> Errors);

/// <summary>The limits of a profile, shared by the rules and the API's description.</summary>
public static class MatchingLimits
{
    public const int MaxSkills = 30;
    public const int MaxNameLength = 40;
    public const int MaxCategories = 10;
    public const int MaxWindows = 28;
    public const int MaxLanguages = 10;
    public const double MinTravelKm = 0.5;
    public const double MaxTravelKm = 100;
    public const long MaxHourlyPayKrw = 1_000_000;
    public const int MinutesPerDay = 24 * 60;
}
