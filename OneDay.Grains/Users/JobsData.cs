using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Users;

/// <summary>What the jobs domain holds about one person, read through the jobs grains' own read methods.</summary>
public sealed record JobsData(
    IReadOnlyList<JobView> Posted,
    IReadOnlyList<ApplicationView> Applications,
    WorkerScheduleView Schedule,
    IReadOnlyList<RatingView> RatingsGiven,
    IReadOnlyList<RatingView> RatingsReceived)
{
    public static async Task<JobsData> ReadAsync(IGrainFactory grains, Guid userId)
    {
        var schedule = grains.Reference<IWorkerScheduleGrain>(userId);
        var view = schedule.Get();
        var applied = schedule.Jobs();
        var postedIds = PostedAsync(grains.Reference<IEmployerJobsGrain>(userId));

        var posted = Task.WhenAll((await postedIds).Select(id => grains.Reference<IJobGrain>(id).Get()));
        var applications = Task.WhenAll((await applied).Select(id => grains.Reference<IJobGrain>(id).ApplicationOf(userId)));
        // Ratings sit with the job: a worker rates and is rated on jobs they worked, an employer on jobs they posted.
        var ratings = Task.WhenAll((await postedIds).Union(await applied).Select(id => grains.Reference<IJobGrain>(id).Ratings()));

        var all = (await ratings).SelectMany(r => r ?? []).ToArray();
        return new JobsData(
            [.. (await posted).OfType<JobView>().OrderBy(j => j.CreatedAt)],
            [.. (await applications).OfType<ApplicationView>().OrderBy(a => a.AppliedAt)],
            await view,
            [.. all.Where(r => r.RaterId == userId).OrderBy(r => r.CreatedAt)],
            [.. all.Where(r => r.SubjectId == userId).OrderBy(r => r.CreatedAt)]);
    }

    // Every job the employer posted: an export is rare and must be whole, so it reads the list page by page.
    private static async Task<IReadOnlyList<Guid>> PostedAsync(IEmployerJobsGrain employer)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await employer.Page(cursor, MaxPage);
            ids.AddRange(page.JobIds);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return ids;
    }

    private const int MaxPage = 100;
}
