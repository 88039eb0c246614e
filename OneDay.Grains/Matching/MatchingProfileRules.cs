using System.Globalization;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching;

/// <summary>What a matching profile may hold, and its stored (normalised) form.</summary>
public static class MatchingProfileRules
{
    /// <summary>Names of skills and categories: lower-case letters (any script), digits, spaces and hyphens.</summary>
    public static string NormalizeName(string name) => name.Trim().ToLowerInvariant();

    public static MatchingProfile Normalize(MatchingProfile profile) => profile with
    {
        Skills = [.. profile.Skills.Select(s => s with { Name = NormalizeName(s.Name) }).OrderBy(s => s.Name, StringComparer.Ordinal)],
        PreferredCategories = [.. profile.PreferredCategories.Select(NormalizeName).Order(StringComparer.Ordinal)],
        Availability = [.. profile.Availability.OrderBy(w => w.Day).ThenBy(w => w.StartMinute)],
        Languages = [.. profile.Languages.Select(l => l.Trim().ToLowerInvariant()).Order(StringComparer.Ordinal)],
    };

    public static List<FieldError> Validate(MatchingProfile profile)
    {
        var errors = new List<FieldError>();
        ValidateSkills(profile.Skills, errors);
        ValidateNames("preferredCategories", profile.PreferredCategories, 0, MatchingLimits.MaxCategories, errors);
        if (!profile.Home.IsValid)
        {
            errors.Add(new FieldError("home", "Latitude from -90 to 90 and longitude from -180 to 180."));
        }

        if (!double.IsFinite(profile.MaxTravelKm) || profile.MaxTravelKm < MatchingLimits.MinTravelKm || profile.MaxTravelKm > MatchingLimits.MaxTravelKm)
        {
            errors.Add(new FieldError("maxTravelKm", Inv($"From {MatchingLimits.MinTravelKm} to {MatchingLimits.MaxTravelKm} km.")));
        }

        ValidateWindows(profile.Availability, errors);
        if (profile.MinimumHourlyPayKrw is < 0 or > MatchingLimits.MaxHourlyPayKrw)
        {
            errors.Add(new FieldError("minimumHourlyPayKrw", Inv($"From 0 (the legal minimum) to {MatchingLimits.MaxHourlyPayKrw:N0} KRW.")));
        }

        if (profile.Languages.Count > MatchingLimits.MaxLanguages)
        {
            errors.Add(new FieldError("languages", Inv($"At most {MatchingLimits.MaxLanguages}.")));
        }
        else if (profile.Languages.Any(l => l.Trim().Length != 2 || !l.Trim().All(char.IsAsciiLetter)))
        {
            errors.Add(new FieldError("languages", "Two-letter ISO 639-1 codes, such as ko or en."));
        }
        else if (profile.Languages.Select(l => l.Trim().ToLowerInvariant()).Distinct().Count() != profile.Languages.Count)
        {
            errors.Add(new FieldError("languages", "Each language once."));
        }

        return errors;
    }

    private static void ValidateSkills(IReadOnlyList<SkillLevel> skills, List<FieldError> errors)
    {
        ValidateNames("skills", [.. skills.Select(s => s.Name)], 1, MatchingLimits.MaxSkills, errors);
        if (skills.Any(s => s.Level is < 1 or > 5))
        {
            errors.Add(new FieldError("skills", "Each level from 1 (learning) to 5 (expert)."));
        }
    }

    private static void ValidateNames(string field, IReadOnlyList<string> names, int min, int max, List<FieldError> errors)
    {
        if (names.Count < min || names.Count > max)
        {
            errors.Add(new FieldError(field, Inv($"From {min} to {max} entries.")));
            return;
        }

        var normalized = names.Select(NormalizeName).ToList();
        if (normalized.Any(n => n.Length is 0 or > MatchingLimits.MaxNameLength || !n.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-')))
        {
            errors.Add(new FieldError(field, Inv($"Each 1 to {MatchingLimits.MaxNameLength} letters, digits, spaces or hyphens.")));
        }
        else if (normalized.Distinct(StringComparer.Ordinal).Count() != normalized.Count)
        {
            errors.Add(new FieldError(field, "Each name once."));
        }
    }

    private static void ValidateWindows(IReadOnlyList<AvailabilityWindow> windows, List<FieldError> errors)
    {
        if (windows.Count > MatchingLimits.MaxWindows)
        {
            errors.Add(new FieldError("availability", Inv($"At most {MatchingLimits.MaxWindows} windows.")));
            return;
        }

        if (windows.Any(w => !Enum.IsDefined(w.Day)))
        {
            errors.Add(new FieldError("availability", "Days are monday to sunday."));
            return;
        }

        if (windows.Any(w => w.StartMinute < 0 || w.EndMinute > MatchingLimits.MinutesPerDay || w.StartMinute >= w.EndMinute))
        {
            errors.Add(new FieldError("availability", "Each window starts before it ends, within its day (00:00 to 24:00)."));
            return;
        }

        var overlapping = windows.GroupBy(w => w.Day)
            .Any(day => day.OrderBy(w => w.StartMinute).Zip(day.OrderBy(w => w.StartMinute).Skip(1)).Any(p => p.Second.StartMinute < p.First.EndMinute));
        if (overlapping)
        {
            errors.Add(new FieldError("availability", "Windows of the same day must not overlap."));
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
