using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Scoring;

/// <summary>
/// A job's terms as the rules and the score read them, from a job's features or straight from a cell scan's flat keys,
/// so that ranking thousands of jobs reads no job's own objects and both ways give the same score to the last bit.
/// </summary>
/// <param name="Category">Normalized (<see cref="MatchingProfileRules.NormalizeName"/>).</param>
/// <param name="EmployerRating">From the employer-records read model; null before any rating.</param>
internal readonly record struct JobTerms(
    Guid EmployerId, string Category, double Latitude, double Longitude, long StartsAtUtcTicks, long EndsAtUtcTicks, long HourlyPayKrw,
    IReadOnlyList<string> RequiredSkills, double? EmployerRating)
{
    public static JobTerms Of(JobFeatures job) => new(
        job.EmployerId, MatchingProfileRules.NormalizeName(job.Category), job.Location.Latitude, job.Location.Longitude,
        job.StartsAt.UtcTicks, job.EndsAt.UtcTicks, job.HourlyPayKrw, job.RequiredSkills, job.EmployerRating);
}
