using System.Globalization;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Matching.Scoring;

/// <summary>What the hard rules need besides the profile and the job: the worker's accepted shifts and blocks.</summary>
/// <param name="AcceptedShifts">The worker's accepted shifts, start to end.</param>
/// <param name="Blocked">Users the worker blocked or who blocked the worker.</param>
public sealed record MatchContext(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> AcceptedShifts, IReadOnlySet<Guid> Blocked)
{
    public static MatchContext None { get; } = new([], new HashSet<Guid>());

    public static MatchContext Of(IEnumerable<ShiftReservation> acceptedShifts, IEnumerable<Guid> blocked) =>
        new([.. acceptedShifts.Select(s => (s.StartsAt, s.EndsAt))], new HashSet<Guid>(blocked));
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

    /// <summary>One worker, prepared once to be matched against many jobs.</summary>
    public WorkerMatch For(MatchingProfile profile, WeeklyAvailability availability, MatchContext context) =>
        new(profile, availability, context, PayFloor(profile));

    /// <summary>The hard rules the job breaks for this worker; empty when it may be matched.</summary>
    public IReadOnlyList<MatchRule> Broken(MatchingProfile profile, WeeklyAvailability availability, JobFeatures job, MatchContext context) =>
        For(profile, availability, context).Broken(job);

    /// <summary>The score of a job that breaks no hard rule (<see cref="Broken"/> empty); null if it breaks one.</summary>
    public MatchScore? Score(MatchingProfile profile, WeeklyAvailability availability, JobFeatures job, MatchContext context) =>
        For(profile, availability, context).Score(job);

    /// <summary>Best first; equal scores by the earlier shift, then by job id, so the same input ranks the same every time.</summary>
    public static IEnumerable<(JobFeatures Job, MatchScore Score)> Rank(IEnumerable<(JobFeatures Job, MatchScore Score)> scored) =>
        scored.OrderByDescending(s => s.Score.Score).ThenBy(s => s.Job.StartsAt).ThenBy(s => s.Job.JobId);

    public long PayFloor(MatchingProfile profile) => Math.Max(legalMinimumHourlyWageKrw, profile.MinimumHourlyPayKrw);

    /// <summary>
    /// The highest score a pair can have given only its distance, the worker's travel and pay floor, the job's pay and
    /// employer rating, and the category's value (1 when not known): skills counted as perfect. A ranking skips the
    /// pair when even this cannot make its list, without reading the worker's availability or skills. Nudged up, so
    /// rounding never makes it understate the score.
    /// </summary>
    public static double UpperBound(
        double distanceMeters, double maxTravelMeters, long payFloor, long hourlyPayKrw, double categoryValue, double? employerRating) =>
        (DistanceWeight * (1 - (distanceMeters / maxTravelMeters)))
        + (PayWeight * PayValue(hourlyPayKrw, payFloor))
        + SkillsWeight
        + (CategoryWeight * categoryValue)
        + (EmployerWeight * EmployerValue(employerRating))
        + 1e-9;

    internal static double PayValue(long hourlyPayKrw, long payFloor) => Math.Clamp((hourlyPayKrw - payFloor) / (double)payFloor, 0, 1);

    internal static double EmployerValue(double? rating) => rating is { } r ? Math.Clamp(r / 5, 0, 1) : UnratedEmployer;
}

/// <summary>
/// A worker prepared for matching (skills by name, preferred categories, pay floor), so that ranking many jobs costs
/// only arithmetic: <see cref="Rate"/> gives the score alone, and <see cref="Score"/> the same score with its
/// explanation, for the few jobs shown.
/// </summary>
public sealed class WorkerMatch
{
    private readonly MatchingProfile _profile;
    private readonly WeeklyAvailability _availability;
    private readonly MatchContext _context;
    private readonly Dictionary<string, int> _skills;
    private readonly HashSet<string> _preferred;

    internal WorkerMatch(MatchingProfile profile, WeeklyAvailability availability, MatchContext context, long payFloor)
    {
        (_profile, _availability, _context, PayFloor) = (profile, availability, context, payFloor);
        _skills = profile.Skills.ToDictionary(s => s.Name, s => s.Level, StringComparer.Ordinal);
        _preferred = new HashSet<string>(profile.PreferredCategories, StringComparer.Ordinal);
    }

    public long PayFloor { get; }

    /// <summary>The category factor's value: 1 if preferred, 0 if not, 0.5 when the worker prefers none.</summary>
    /// <param name="category">Normalized (<see cref="MatchingProfileRules.NormalizeName"/>).</param>
    internal double CategoryValue(string category) => _preferred.Count == 0 ? 0.5 : _preferred.Contains(category) ? 1 : 0;

    public IReadOnlyList<MatchRule> Broken(JobFeatures job)
    {
        var broken = new List<MatchRule>();
        if (_context.AcceptedShifts.Any(s => s.Start < job.EndsAt && job.StartsAt < s.End))
        {
            broken.Add(MatchRule.Overlap);
        }

        if (DistanceKm(job) > _profile.MaxTravelKm)
        {
            broken.Add(MatchRule.TooFar);
        }

        if (!_availability.Covers(job.StartsAt, job.EndsAt))
        {
            broken.Add(MatchRule.Unavailable);
        }

        if (job.HourlyPayKrw < PayFloor)
        {
            broken.Add(MatchRule.PayTooLow);
        }

        if (_context.Blocked.Contains(job.EmployerId))
        {
            broken.Add(MatchRule.Blocked);
        }

        return broken;
    }

    /// <summary>Whether the job breaks none of the hard rules: <see cref="Broken"/> empty, stopping at the first broken one.</summary>
    public bool Allows(JobFeatures job) => Allows(JobTerms.Of(job));

    /// <inheritdoc cref="Allows(JobFeatures)"/>
    internal bool Allows(in JobTerms job) =>
        job.HourlyPayKrw >= PayFloor
        && !_context.Blocked.Contains(job.EmployerId)
        && DistanceKm(job.Latitude, job.Longitude) <= _profile.MaxTravelKm
        && FitsTime(job.StartsAtUtcTicks, job.EndsAtUtcTicks);

    /// <summary>
    /// The time rules alone (inside the windows, clear of accepted shifts), on the UTC ticks of the search index's flat
    /// keys: a ranking drops most jobs here before it reads their entries.
    /// </summary>
    public bool FitsTime(long startsAtUtcTicks, long endsAtUtcTicks)
    {
        if (!_availability.Covers(startsAtUtcTicks, endsAtUtcTicks))
        {
            return false;
        }

        var shifts = _context.AcceptedShifts;
        for (var i = 0; i < shifts.Count; i++)
        {
            if (shifts[i].Start.UtcTicks < endsAtUtcTicks && startsAtUtcTicks < shifts[i].End.UtcTicks)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The score <see cref="Score"/> would give, without building its explanation; null if a hard rule is broken.</summary>
    public double? Rate(JobFeatures job) => Rate(JobTerms.Of(job));

    /// <inheritdoc cref="Rate(JobFeatures)"/>
    internal double? Rate(in JobTerms job)
    {
        if (!Allows(job))
        {
            return null;
        }

        var v = Values(job);
        return (v.Distance * MatchScorer.DistanceWeight) + (v.Pay * MatchScorer.PayWeight) + (v.Skills * MatchScorer.SkillsWeight)
            + (v.Category * MatchScorer.CategoryWeight) + (v.Employer * MatchScorer.EmployerWeight);
    }

    public MatchScore? Score(JobFeatures job)
    {
        var terms = JobTerms.Of(job);
        if (!Allows(terms))
        {
            return null;
        }

        var v = Values(terms);
        var category = job.Category;
        MatchFactor[] factors =
        [
            Factor("distance", v.Distance, MatchScorer.DistanceWeight, Inv($"{v.DistanceKm:0.0} km away, within your {_profile.MaxTravelKm:0.#} km")),
            Factor("pay", v.Pay, MatchScorer.PayWeight, Inv($"pays {job.HourlyPayKrw:N0} an hour against your minimum {PayFloor:N0}")),
            Factor("skills", v.Skills, MatchScorer.SkillsWeight, v.Required == 0 ? "no skills required" : Inv($"{v.Had} of {v.Required} skills")),
            Factor("category", v.Category, MatchScorer.CategoryWeight,
                _preferred.Count == 0 ? $"{category}: you prefer no category"
                : v.Category == 1 ? $"{category} is one of your categories" : $"{category} is not one of your categories"),
            Factor("employer", v.Employer, MatchScorer.EmployerWeight,
                job.EmployerRating is { } rating ? Inv($"employer rated {rating:0.0}") : "employer not rated yet"),
        ];
        // Summed in the same order as Rate, so both give the same score to the last bit.
        var score = factors[0].Contribution + factors[1].Contribution + factors[2].Contribution + factors[3].Contribution + factors[4].Contribution;
        return new MatchScore(score, factors, _availability.Describe(job.StartsAt));
    }

    private (double DistanceKm, double Distance, double Pay, double Skills, int Had, int Required, double Category, double Employer) Values(in JobTerms job)
    {
        var distanceKm = DistanceKm(job.Latitude, job.Longitude);
        var (had, required, levels) = (0, 0, 0.0);
        // Loops rather than LINQ's Distinct: this runs for every job a worker is rated against, and must not allocate.
        // A job lists a handful of skills, so finding a repeat by looking back costs less than a set.
        var skills = job.RequiredSkills;
        for (var i = 0; i < skills.Count; i++)
        {
            var skill = MatchingProfileRules.NormalizeName(skills[i]);
            if (RepeatsEarlier(skills, i, skill))
            {
                continue;
            }

            required++;
            if (_skills.TryGetValue(skill, out var level))
            {
                had++;
                levels += level / 5.0;
            }
        }

        return (
            distanceKm,
            1 - (distanceKm / _profile.MaxTravelKm),
            MatchScorer.PayValue(job.HourlyPayKrw, PayFloor),
            // Each required skill counts its level out of 5, so a better-matched worker scores higher.
            required == 0 ? 1 : levels / required,
            had,
            required,
            CategoryValue(job.Category),
            MatchScorer.EmployerValue(job.EmployerRating));
    }

    private static bool RepeatsEarlier(IReadOnlyList<string> skills, int index, string normalized)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(MatchingProfileRules.NormalizeName(skills[j]), normalized, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>From the worker's home to the job, as the travel rule and the distance factor measure it.</summary>
    public double DistanceKm(JobFeatures job) => DistanceKm(job.Location.Latitude, job.Location.Longitude);

    private double DistanceKm(double latitude, double longitude) =>
        GeoPoint.ApproxDistanceMeters(_profile.Home.Latitude, _profile.Home.Longitude, latitude, longitude) / 1000;

    private static MatchFactor Factor(string name, double value, double weight, string explanation) =>
        new(name, value, weight, value * weight, explanation);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
