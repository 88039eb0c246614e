namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>Job ids of one page of an employer's jobs, newest first, and the cursor of the next page (null on the last).</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.employer-jobs-page")]
public sealed record EmployerJobsPage([property: Id(0)] Guid[] JobIds, [property: Id(1)] string? NextCursor, [property: Id(2)] bool BadCursor);

/// <summary>An employer's own jobs (key = employer id), so listing them never scans job grains.</summary>
[Alias("oneday.jobs.IEmployerJobsGrain")]
public interface IEmployerJobsGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Lists a job about to be posted and counts it as open; false (nothing listed) when the employer already
    /// has their maximum of open jobs. A job listed before (a retried post) is accepted again.
    /// </summary>
    [Alias("try-add")]
    Task<bool> TryAdd(Guid jobId);

    /// <summary>The job started, was cancelled or expired: it no longer counts as open. Idempotent.</summary>
    [Alias("closed")]
    Task Closed(Guid jobId);

    /// <summary>At most <paramref name="limit"/> job ids, newest first, from <paramref name="cursor"/> (null: the newest).</summary>
    [Alias("page")]
    Task<EmployerJobsPage> Page(string? cursor, int limit);
}
