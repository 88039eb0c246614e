using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Scoring;

/// <summary>A job as matching scores it, from the search read model or from the job itself.</summary>
internal static class MatchFeatures
{
    /// <param name="employerRating">From the employer-ratings read model; null before any.</param>
    public static JobFeatures From(JobSearchEntry entry, double? employerRating) => new(
        entry.JobId, entry.EmployerId, entry.Category, new GeoPoint(entry.Latitude, entry.Longitude), entry.StartsAt, entry.EndsAt,
        entry.HourlyKrw, entry.RequiredSkills ?? [], employerRating);

    /// <inheritdoc cref="From(JobSearchEntry, double?)"/>
    public static JobFeatures From(Guid jobId, Guid employerId, JobDraft job, double? employerRating) => new(
        jobId, employerId, job.Category, job.Location.Point, job.StartsAt, job.EndsAt,
        job.Pay.HourlyKrw(job.EndsAt - job.StartsAt), job.RequiredSkills, employerRating);
}
