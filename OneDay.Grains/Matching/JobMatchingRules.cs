using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Matching;

internal static class JobMatchingRules
{
    /// <summary>Whether workers may still be found for the job: open, with a free slot, and not started.</summary>
    public static bool TakesWorkers(JobView job, DateTimeOffset now) =>
        job.Status == JobStatus.Open && job.AcceptedCount < job.Details.Headcount && now < job.Details.StartsAt;
}
