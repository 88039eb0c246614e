using System.Globalization;
using OneDay.Api.Errors;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Api.Matching;

public sealed record SkillDto(string? Name = null, int? Level = null);

/// <param name="Day">monday to sunday.</param>
/// <param name="Start">"HH:mm", Korea Standard Time.</param>
/// <param name="End">"HH:mm", after start; "24:00" is the midnight that ends the day.</param>
public sealed record AvailabilityWindowDto(string? Day = null, string? Start = null, string? End = null);

public sealed record HomeDto(double? Latitude = null, double? Longitude = null);

/// <summary>The whole profile; every field is required, lists may be empty except skills.</summary>
public sealed record MatchingProfileRequest(
    SkillDto[]? Skills = null,
    string[]? PreferredCategories = null,
    HomeDto? Home = null,
    double? MaxTravelKm = null,
    AvailabilityWindowDto[]? Availability = null,
    long? MinimumHourlyPayKrw = null,
    string[]? Languages = null)
{
    /// <summary>The contract, or what is missing or unreadable; the grain judges the rest.</summary>
    public (MatchingProfile? Profile, FieldErrors Errors) ToProfile()
    {
        var errors = new FieldErrors();
        Require(Skills, "skills", errors);
        Require(PreferredCategories, "preferredCategories", errors);
        Require(Availability, "availability", errors);
        Require(Languages, "languages", errors);
        Require(MaxTravelKm, "maxTravelKm", errors);
        Require(MinimumHourlyPayKrw, "minimumHourlyPayKrw", errors);
        if (Home?.Latitude is null || Home.Longitude is null)
        {
            errors.Add("home", "Required: latitude and longitude.");
        }

        if (Skills is not null && Skills.Any(s => s is null || s.Name is null || s.Level is null))
        {
            errors.Add("skills", "Each skill needs a name and a level.");
        }

        var windows = Availability?.Select(ToWindow).ToList() ?? [];
        if (windows.Any(w => w is null))
        {
            errors.Add("availability", "Each window needs a day (monday to sunday) and a start and end as HH:mm.");
        }

        if (PreferredCategories?.Any(c => c is null) ?? false)
        {
            errors.Add("preferredCategories", "No null entries.");
        }

        if (Languages?.Any(l => l is null) ?? false)
        {
            errors.Add("languages", "No null entries.");
        }

        if (errors.Any)
        {
            return (null, errors);
        }

        return (new MatchingProfile(
            [.. Skills!.Select(s => new SkillLevel(s.Name!, s.Level!.Value))],
            PreferredCategories!,
            new GeoPoint(Home!.Latitude!.Value, Home.Longitude!.Value),
            MaxTravelKm!.Value,
            [.. windows.Select(w => w!)],
            MinimumHourlyPayKrw!.Value,
            Languages!), errors);
    }

    private static void Require(object? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, "Required.");
        }
    }

    // Day names only: Enum.TryParse would also take numbers and comma lists ("monday,tuesday" is Wednesday).
    private static readonly Dictionary<string, DayOfWeek> Days =
        Enum.GetValues<DayOfWeek>().ToDictionary(d => d.ToString(), d => d, StringComparer.OrdinalIgnoreCase);

    private static AvailabilityWindow? ToWindow(AvailabilityWindowDto? dto) =>
        dto?.Day is { } name && Days.TryGetValue(name, out var day) && Minutes(dto.Start) is { } start && Minutes(dto.End) is { } end
            ? new AvailabilityWindow(day, start, end)
            : null;

    private static int? Minutes(string? time) =>
        time == "24:00" ? MatchingLimits.MinutesPerDay
        : TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.Hour * 60 + t.Minute
        : null;
}

public sealed record MatchingProfileResponse(
    Guid WorkerId,
    SkillDto[] Skills,
    string[] PreferredCategories,
    HomeDto Home,
    double MaxTravelKm,
    AvailabilityWindowDto[] Availability,
    long MinimumHourlyPayKrw,
    string[] Languages,
    long Version,
    DateTimeOffset UpdatedAt)
{
    public static MatchingProfileResponse From(MatchingProfileView view)
    {
        var p = view.Profile;
        return new(
            view.WorkerId,
            [.. p.Skills.Select(s => new SkillDto(s.Name, s.Level))],
            [.. p.PreferredCategories],
            new HomeDto(p.Home.Latitude, p.Home.Longitude),
            p.MaxTravelKm,
            [.. p.Availability.Select(w => new AvailabilityWindowDto(w.Day.ToString().ToLowerInvariant(), Time(w.StartMinute), Time(w.EndMinute)))],
            p.MinimumHourlyPayKrw,
            [.. p.Languages],
            view.Version,
            view.UpdatedAt);
    }

    private static string Time(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
}

public sealed record MatchFactorResponse(string Name, double Value, double Weight, double Contribution, string Explanation)
{
    public static MatchFactorResponse From(MatchFactor f) => new(f.Name, f.Value, f.Weight, f.Contribution, f.Explanation);
}

/// <param name="Score">In [0, 1]; the factors' contributions add up to it.</param>
public sealed record RecommendationResponse(
    Guid JobId,
    string Title,
    string Category,
    string Address,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    long HourlyPayKrw,
    double DistanceKm,
    double Score,
    string Window,
    MatchFactorResponse[] Factors,
    EmployerRecordResponse Employer)
{
    public static RecommendationResponse From(Recommendation r) => new(
        r.Job.JobId, r.Job.Title, r.Job.Category, r.Job.Address, r.Job.StartsAt, r.Job.EndsAt, r.Job.HourlyKrw,
        Math.Round(r.DistanceKm, 2), r.Score.Score, r.Score.Window,
        [.. r.Score.Factors.Select(MatchFactorResponse.From)],
        EmployerRecordResponse.From(r.Employer));
}

/// <summary>What workers see of the employer beside the job; only the rating counts in the score.</summary>
/// <param name="AverageRating">Stars from workers, 1 to 5; null before any.</param>
/// <param name="AcceptedShiftsCancelled">Shifts the employer cancelled on a worker they had accepted, alone or with the whole job.</param>
/// <param name="ShiftsPaid">Shifts on the employer's jobs that paid their workers.</param>
/// <param name="ShiftsPaidOnTime">Of those, the ones the employer confirmed before the platform had to.</param>
public sealed record EmployerRecordResponse(double? AverageRating, int RatingCount, int AcceptedShiftsCancelled, int ShiftsPaid, int ShiftsPaidOnTime)
{
    public static EmployerRecordResponse From(EmployerRecord r) => new(r.AverageRating, r.RatingCount, r.AcceptedShiftsCancelled, r.ShiftsPaid, r.ShiftsPaidOnTime);
}
