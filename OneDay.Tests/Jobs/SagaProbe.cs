using System.Diagnostics;
using System.Net;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs.Saga;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

/// <summary>Set-up and observation shared by the saga tests.</summary>
public static class SagaProbe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task<(Guid Job, ApiUser Employer, ApiUser Worker)> AppliedAsync(
        ClusterFixture fixture, DateTimeOffset? start = null, bool funded = false)
    {
        var (job, employer) = await PostedAsync(fixture, start, funded);
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        return (job, employer, worker);
    }

    /// <param name="funded">Whether the employer has topped up, as one who accepts a worker must: the shift's pay goes into escrow.</param>
    public static async Task<(Guid Job, ApiUser Employer)> PostedAsync(ClusterFixture fixture, DateTimeOffset? start = null, bool funded = false)
    {
        var employer = funded ? await PaymentsApi.FundedEmployer(fixture) : ApiUser.Create(fixture, "employer");
        var job = await employer.PostJob(JobsApi.JobBody(start: start ?? JobsTestHooks.Now.AddDays(6)));
        return (job, employer);
    }

    /// <summary>
    /// How long a saga must stand still before the probe takes it to be waiting on a timeout. Real time, but for
    /// the stream's delivery only: without it, job time would overtake events still on their way.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits for the worker's saga of this kind to satisfy <paramref name="condition"/>, and returns it. A running
    /// saga that stands still is waiting for its next re-drive: the probe moves job time on to exactly when that
    /// is due (<see cref="SagaRedrivePolicy"/>, the rule the saga grain applies) and has the saga check at once,
    /// rather than waiting for its timer, which in the test silos does not tick within a test.
    /// </summary>
    public static async Task<SagaView> SagaWhen(IGrainFactory grains, Guid job, Guid worker, SagaKind kind, Func<SagaView, bool> condition)
    {
        var saga = grains.GetGrain<IJobSagaGrain>(job.ToString());
        SagaView? last = null;
        var still = Stopwatch.StartNew();
        var reached = await JobsApi.Eventually(async () =>
        {
            var now = (await saga.Sagas()).SingleOrDefault(s => s.WorkerId == worker && s.Kind == kind);
            if (now is not null && condition(now))
            {
                last = now;
                return true;
            }

            if (last is null || now is null || Progress(now) != Progress(last))
            {
                last = now;
                still.Restart();
                return false;
            }

            if (now.Status == SagaStatus.Running && still.Elapsed >= Settle)
            {
                await RedriveAsync(saga, now);
                still.Restart();
            }

            return false;
        }, Patience);
        Assert.True(reached, $"{kind} saga state was {last}");
        return last!;
    }

    /// <summary>Moves job time on to when this saga's next re-drive is due, and has the saga grain check now.</summary>
    public static async Task RedriveAsync(IJobSagaGrain grain, SagaView saga)
    {
        var due = SagaRedrivePolicy.NextRedriveAt(saga.UpdatedAt, SagaRedrivePolicy.BusinessDone(saga.Done), saga.Redrives, JobsTestHooks.Options);
        if (due > JobsTestHooks.Now)
        {
            JobsTestHooks.Time.Advance(due - JobsTestHooks.Now);
        }

        await grain.CheckOverdue();
    }

    private static (SagaStatus, string, int, DateTimeOffset) Progress(SagaView saga) =>
        (saga.Status, string.Join(',', saga.Done), saga.Redrives, saga.UpdatedAt);
}
