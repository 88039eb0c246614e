using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Scoring;

/// <summary>A job as matching scores it, from the search read model or from the job itself.</summary>
internal static class MatchFeatures
{
    // Employer ratings are not in a read model yet: every employer counts as unrated (the neutral middle), both ways.
    public static JobFeatures From(JobSearchEntry entry) => new(
        entry.JobId, entry.EmployerId, entry.Category, new GeoPoint(entry.Latitude, entry.Longitude), entry.StartsAt, entry.EndsAt,
        entry.HourlyKrw, entry.RequiredSkills ?? [], EmployerRating: null);

    public static JobFeatures From(Guid jobId, Guid employerId, JobDraft job) => new(
        jobId, employerId, job.Category, job.Location.Point, job.StartsAt, job.EndsAt,
        job.Pay.HourlyKrw(job.EndsAt - job.StartsAt), job.RequiredSkills, EmployerRating: null);
}
