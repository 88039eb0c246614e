namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>
/// Posts new jobs (key 0): names each one and asks that job's grain to create it. With an Idempotency-Key the
/// name comes from the employer and the key, so a retried POST reaches the job the first one posted.
/// </summary>
[Alias("oneday.jobs.IJobPostingGrain")]
public interface IJobPostingGrain : IGrainWithIntegerKey
{
    /// <summary>Answers as <see cref="IJobGrain.Create"/> does, for the job it named.</summary>
    [Alias("post")]
    Task<JobResult> Post(Guid employerId, string? idempotencyKey, JobDraft draft);
}
