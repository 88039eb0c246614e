using System.Globalization;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Scoring;

/// <summary>What the hard rules need besides the profile and the job: the worker's accepted shifts and blocks.</summary>
/// <param name="AcceptedShifts">The worker's accepted shifts, start to end.</param>
/// <param name="Blocked">Users the worker blocked or who blocked the worker.</param>
public sealed record MatchContext(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> AcceptedShifts, IReadOnlySet<Guid> Blocked)
{
    public static MatchContext None { get; } = new([], new HashSet<Guid>());
}

/// <summary>
/// The hard rules and the score of a worker for a job, the same both ways (recommendations for a worker, candidates
/// for a job). The score is a weighted sum of factors in [0, 1], each rising with what it measures while the others
/// stay fixed, and the weights add up to 1, so the score is in [0, 1] and its explanation adds up to it.
/// </summary>
public sealed class MatchScorer(long legalMinimumHourlyWageKrw)
{
    public const double DistanceWeight = 0.30;
    public const double PayWeight = 0.25;
    public const double SkillsWeight = 0.25;
    public const double CategoryWeight = 0.10;
    public const double EmployerWeight = 0.10;

    /// <summary>What an employer nobody rated yet counts as: the middle of the scale, neither helped nor held back.</summary>
    public const double UnratedEmployer = 0.5;

    /// <summary>The hard rules the job breaks for this worker; empty when it may be matched.</summary>
    public IReadOnlyList<MatchRule> Broken(MatchingProfile profile, WeeklyAvailability availability, JobFeatures job, MatchContext context)
    {
        var broken = new List<MatchRule>();
        if (context.AcceptedShifts.Any(s => s.Start < job.EndsAt && job.StartsAt < s.End))
        {
            broken.Add(MatchRule.Overlap);
        }

        if (DistanceKm(profile, job) > profile.MaxTravelKm)
        {
            broken.Add(MatchRule.TooFar);
        }

        if (!availability.Covers(job.StartsAt, job.EndsAt))
        {
            broken.Add(MatchRule.Unavailable);
        }

        if (job.HourlyPayKrw < PayFloor(profile))
        {
            broken.Add(MatchRule.PayTooLow);
        }

        if (context.Blocked.Contains(job.EmployerId))
        {
            broken.Add(MatchRule.Blocked);
        }

        return broken;
    }

    /// <summary>The score of a job that breaks no hard rule (<see cref="Broken"/> empty); null if it breaks one.</summary>
    public MatchScore? Score(MatchingProfile profile, WeeklyAvailability availability, JobFeatures job, MatchContext context)
    {
        if (Broken(profile, availability, job, context).Count > 0)
        {
            return null;
        }

        var distance = DistanceKm(profile, job);
        var floor = PayFloor(profile);
        var skills = profile.Skills.ToDictionary(s => s.Name, s => s.Level, StringComparer.Ordinal);
        var required = job.RequiredSkills.Select(MatchingProfileRules.NormalizeName).Distinct(StringComparer.Ordinal).ToList();
        var had = required.Count(skills.ContainsKey);
        var preferred = profile.PreferredCategories.Contains(MatchingProfileRules.NormalizeName(job.Category), StringComparer.Ordinal);
        MatchFactor[] factors =
        [
            Factor("distance", 1 - (distance / profile.MaxTravelKm), DistanceWeight,
                Inv($"{distance:0.0} km away, within your {profile.MaxTravelKm:0.#} km")),
            Factor("pay", Math.Clamp((job.HourlyPayKrw - floor) / (double)floor, 0, 1), PayWeight,
                Inv($"pays {job.HourlyPayKrw:N0} an hour against your minimum {floor:N0}")),
            // Each required skill counts its level out of 5, so a better-matched worker scores higher.
            Factor("skills", required.Count == 0 ? 1 : required.Sum(r => skills.GetValueOrDefault(r) / 5.0) / required.Count, SkillsWeight,
                required.Count == 0 ? "no skills required" : Inv($"{had} of {required.Count} skills")),
            Factor("category", profile.PreferredCategories.Count == 0 ? 0.5 : preferred ? 1 : 0, CategoryWeight,
                profile.PreferredCategories.Count == 0 ? $"{job.Category}: you prefer no category" : preferred ? $"{job.Category} is one of your categories" : $"{job.Category} is not one of your categories"),
            Factor("employer", job.EmployerRating is { } rating ? Math.Clamp(rating / 5, 0, 1) : UnratedEmployer, EmployerWeight,
                job.EmployerRating is { } r ? Inv($"employer rated {r:0.0}") : "employer not rated yet"),
        ];
        return new MatchScore(factors.Sum(f => f.Contribution), factors, availability.Describe(job.StartsAt));
    }

    /// <summary>Best first; equal scores by the earlier shift, then by job id, so the same input ranks the same every time.</summary>
    public static IEnumerable<(JobFeatures Job, MatchScore Score)> Rank(IEnumerable<(JobFeatures Job, MatchScore Score)> scored) =>
        scored.OrderByDescending(s => s.Score.Score).ThenBy(s => s.Job.StartsAt).ThenBy(s => s.Job.JobId);

    public long PayFloor(MatchingProfile profile) => Math.Max(legalMinimumHourlyWageKrw, profile.MinimumHourlyPayKrw);

    private static double DistanceKm(MatchingProfile profile, JobFeatures job) =>
        GeoPoint.ApproxDistanceMeters(profile.Home.Latitude, profile.Home.Longitude, job.Location.Latitude, job.Location.Longitude) / 1000;

    private static MatchFactor Factor(string name, double value, double weight, string explanation) =>
        new(name, value, weight, value * weight, explanation);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
