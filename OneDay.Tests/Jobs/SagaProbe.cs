using System.Net;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

/// <summary>Set-up and observation shared by the saga tests.</summary>
public static class SagaProbe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task<(Guid Job, ApiUser Employer, ApiUser Worker)> AppliedAsync(ClusterFixture fixture, DateTimeOffset? start = null)
    {
        var (job, employer) = await PostedAsync(fixture, start);
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        return (job, employer, worker);
    }

    public static async Task<(Guid Job, ApiUser Employer)> PostedAsync(ClusterFixture fixture, DateTimeOffset? start = null)
    {
        var employer = ApiUser.Create(fixture, "employer");
        var job = await employer.PostJob(JobsApi.JobBody(start: start ?? JobsTestHooks.Now.AddDays(6)));
        return (job, employer);
    }

    /// <summary>
    /// Waits for the worker's saga of this kind to satisfy <paramref name="condition"/>, and returns it. Re-drives
    /// wait on job time, so job time moves on while it waits (see <see cref="EventuallyOnJobTime"/>).
    /// </summary>
    public static async Task<SagaView> SagaWhen(IGrainFactory grains, Guid job, Guid worker, SagaKind kind, Func<SagaView, bool> condition)
    {
        var saga = grains.GetGrain<IJobSagaGrain>(job.ToString());
        SagaView? last = null;
        var reached = await EventuallyOnJobTime(async () =>
        {
            last = (await saga.Sagas()).SingleOrDefault(s => s.WorkerId == worker && s.Kind == kind);
            return last is not null && condition(last);
        }, Patience);
        Assert.True(reached, $"{kind} saga state was {last}");
        return last!;
    }

    /// <summary>
    /// <see cref="JobsApi.Eventually"/>, moving job time on by a tenth of a second at each look: the saga's timer
    /// and reminder tick in real time but re-drive on job time, which otherwise stands still in the tests.
    /// </summary>
    public static Task<bool> EventuallyOnJobTime(Func<Task<bool>> condition, TimeSpan within) =>
        JobsApi.Eventually(async () =>
        {
            if (await condition())
            {
                return true;
            }

            JobsTestHooks.Time.Advance(TimeSpan.FromMilliseconds(100));
            return false;
        }, within);
}
