namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>Job ids of one page of an employer's jobs, newest first, and the cursor of the next page (null on the last).</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.employer-jobs-page")]
public sealed record EmployerJobsPage([property: Id(0)] Guid[] JobIds, [property: Id(1)] string? NextCursor, [property: Id(2)] bool BadCursor);

/// <summary>An employer's own jobs (key = employer id), so listing them never scans job grains.</summary>
[Alias("oneday.jobs.IEmployerJobsGrain")]
public interface IEmployerJobsGrain : IGrainWithGuidKey
{
    [Alias("add")]
    Task Add(Guid jobId);

    /// <summary>At most <paramref name="limit"/> job ids, newest first, from <paramref name="cursor"/> (null: the newest).</summary>
    [Alias("page")]
    Task<EmployerJobsPage> Page(string? cursor, int limit);
}
