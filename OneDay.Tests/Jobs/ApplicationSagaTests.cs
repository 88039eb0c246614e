using System.Net;
using System.Text.Json;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Jobs;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

/// <summary>
/// The acceptance saga: job holds a slot, the worker's schedule reserves the shift, communication
/// notifies the employer and analytics records, the last two through the real "jobs.applications" stream path.
/// (The submission saga has its own tests.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApplicationSagaTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private IGrainFactory Grains => fixture.Cluster.Client;

    // Every test here accepts the worker, so the employer has the shift's pay to put in escrow.
    private Task<(Guid Job, ApiUser Employer, ApiUser Worker)> AppliedAsync(DateTimeOffset? start = null) =>
        SagaProbe.AppliedAsync(fixture, start, funded: true);

    private Task<SagaView> SagaWhen(Guid job, Guid worker, Func<SagaView, bool> condition) =>
        SagaProbe.SagaWhen(Grains, job, worker, SagaKind.Acceptance, condition);

    [Fact]
    public async Task An_acceptance_runs_every_step_and_each_consumer_records_it_once()
    {
        var (job, employer, worker) = await AppliedAsync();
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

        var saga = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Completed);
        Assert.Equal(Enum.GetValues<SagaStep>(), saga.Done);

        var sent = await Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent();
        Assert.Single(sent, n => n.Kind == "worker-confirmed" && n.EmployerId == employer.Id && n.WorkerId == worker.Id);
        Assert.Single(sent, n => n.Kind == "application-submitted");
        Assert.Equal(1, (await Grains.GetGrain<IJobAnalyticsGrain>(job.ToString()).Recorded()).AcceptedApplications);
    }

    [Fact]
    public async Task A_schedule_conflict_compensates_by_rejecting_and_releasing_the_slot()
    {
        var start = JobsTestHooks.Now.AddDays(7);
        var (first, firstEmployer, worker) = await AppliedAsync(start);
        // Funded, so that the accept is refused for the clash and not for want of money.
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var clash = await employer.PostJob(JobsApi.JobBody(start: start.AddHours(1)));
        // Applied to both while neither was accepted, so both applications stand.
        await (await worker.Post($"/api/jobs/{clash}/applications")).Json(HttpStatusCode.Created);
        await (await firstEmployer.Post($"/api/jobs/{first}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

        await (await employer.Post($"/api/jobs/{clash}/applications/{worker.Id}/accept")).Problem(HttpStatusCode.Conflict, "schedule-conflict");

        var saga = await SagaWhen(clash, worker.Id, s => s.Status == SagaStatus.Compensated);
        Assert.Equal("schedule-conflict", saga.CompensationReason);
        Assert.DoesNotContain(SagaStep.ScheduleUpdated, saga.Done);
        var job = await (await employer.Get($"/api/jobs/{clash}")).Json(HttpStatusCode.OK);
        Assert.Equal(0, job.GetProperty("acceptedCount").GetInt32());
        Assert.Equal("open", job.GetProperty("status").GetString());
        var sent = await Grains.GetGrain<IJobNotificationsGrain>(clash.ToString()).Sent();
        Assert.DoesNotContain(sent, n => n.Kind == "worker-confirmed");
    }

    [Fact]
    public async Task A_crash_after_the_slot_was_held_is_resumed_by_the_saga()
    {
        var (job, employer, worker) = await AppliedAsync();
        JobsTestHooks.Faults.Arm(SagaFault.CrashAfterJobStep, job);

        await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IJobGrain>(job).Accept(employer.Id, worker.Id));

        // Nothing but the saga grain touches the job from here on.
        var saga = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Completed);
        Assert.True(saga.Redrives >= 1);
        var application = await Grains.GetGrain<IJobGrain>(job).ApplicationOf(worker.Id);
        Assert.Equal(ApplicationStatus.Accepted, application!.Status);
        var schedule = await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get();
        Assert.Equal(job, Assert.Single(schedule.Shifts).JobId);
        var sent = await Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent();
        Assert.Single(sent, n => n.Kind == "worker-confirmed");
    }

    [Fact]
    public async Task A_failing_notification_is_retried_until_it_succeeds_once()
    {
        var (job, employer, worker) = await AppliedAsync();
        JobsTestHooks.Faults.Arm(SagaFault.NotifyEmployer, job, times: 2);
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

        var saga = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Completed);
        // Two attempts failed, and the stream delivered only one of them: the saga drove the step at least twice.
        Assert.True(saga.Redrives >= 2, $"Redrives: {saga.Redrives}");
        var sent = await Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent();
        Assert.Single(sent, n => n.Kind == "worker-confirmed");
        Assert.Equal(1, (await Grains.GetGrain<IJobAnalyticsGrain>(job.ToString()).Recorded()).AcceptedApplications);
        // The first failure went to dead letters; the re-drive that delivered it marks it done, so no operator replays it.
        var deadLetter = Assert.Single(await AcceptanceDeadLettersAsync(job));
        Assert.Equal("replayed", deadLetter.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_notification_that_keeps_failing_never_undoes_the_acceptance_and_a_replay_delivers_it_once()
    {
        var (job, employer, worker) = await AppliedAsync();
        JobsTestHooks.Faults.Arm(SagaFault.NotifyEmployer, job, times: 1000);
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

        var saga = await SagaWhen(job, worker.Id, s => s.Status != SagaStatus.Running);
        Assert.Equal(SagaStatus.CompletedWithPendingSteps, saga.Status);
        Assert.Equal(JobsTestHooks.SagaMaxRedrives, saga.Redrives);
        Assert.Null(saga.CompensationReason);
        Assert.Equal([SagaStep.JobRecorded, SagaStep.ScheduleUpdated, SagaStep.AnalyticsRecorded], saga.Done);

        // The acceptance stands: the worker keeps the shift, the slot stays taken.
        var mine = await (await worker.Get($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("accepted", mine.GetProperty("status").GetString());
        Assert.Equal(job, Assert.Single((await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Shifts).JobId);
        Assert.Equal(1, (await Grains.GetGrain<IJobGrain>(job).Get())!.AcceptedCount);

        // Operators see the saga pending and its event in dead letters.
        var admin = ApiUser.Create(fixture, "admin");
        var sagas = await (await admin.Get($"/api/jobs/{job}/sagas")).Json(HttpStatusCode.OK);
        Assert.Contains(sagas.EnumerateArray(), s => s.GetProperty("kind").GetString() == "acceptance"
            && s.GetProperty("status").GetString() == "completedWithPendingSteps");
        var deadLetter = Assert.Single(await AcceptanceDeadLettersAsync(job));
        Assert.Equal("pending", deadLetter.GetProperty("status").GetString());
        Assert.DoesNotContain(await Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent(), n => n.Kind == "worker-confirmed");

        // Once communication works again, the operator's replay tells the employer, once, and completes the saga.
        JobsTestHooks.Faults.Arm(SagaFault.NotifyEmployer, job, times: 0);
        var replayPath = $"/api/analytics/events/dead-letters/{deadLetter.GetProperty("id").GetGuid()}/replay";
        Assert.Equal("replayed", (await (await admin.Post(replayPath)).Json(HttpStatusCode.OK)).GetProperty("outcome").GetString());
        Assert.Equal("replayed", (await (await admin.Post(replayPath)).Json(HttpStatusCode.OK)).GetProperty("outcome").GetString());

        var sent = await Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent();
        Assert.Single(sent, n => n.Kind == "worker-confirmed" && n.EmployerId == employer.Id && n.WorkerId == worker.Id);
        var completed = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Completed);
        Assert.Equal(Enum.GetValues<SagaStep>(), completed.Done);
        Assert.Equal(ApplicationStatus.Accepted, (await Grains.GetGrain<IJobGrain>(job).ApplicationOf(worker.Id))!.Status);
    }

    [Fact]
    public async Task A_pending_notification_of_an_acceptance_withdrawn_since_is_never_sent()
    {
        var (job, employer, worker) = await AppliedAsync();
        JobsTestHooks.Faults.Arm(SagaFault.NotifyEmployer, job, times: 1000);
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.CompletedWithPendingSteps);

        await (await worker.Delete($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK);

        var saga = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Compensated);
        Assert.Equal("withdrawn", saga.CompensationReason);

        // The saga settles the dead letter one-way: until that lands, a replay still fails on the armed fault.
        var admin = ApiUser.Create(fixture, "admin");
        var replayPath = $"/api/analytics/events/dead-letters/{Assert.Single(await AcceptanceDeadLettersAsync(job)).GetProperty("id").GetGuid()}/replay";
        Assert.True(await JobsApi.Eventually(async () => (await admin.Post(replayPath)).StatusCode == HttpStatusCode.OK, Patience));
        JobsTestHooks.Faults.Arm(SagaFault.NotifyEmployer, job, times: 0);
        var replay = await (await admin.Post(replayPath)).Json(HttpStatusCode.OK);
        Assert.Equal("already-settled", replay.GetProperty("outcome").GetString());
        Assert.DoesNotContain(await Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent(), n => n.Kind == "worker-confirmed");
        Assert.Equal("settled", Assert.Single(await AcceptanceDeadLettersAsync(job)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_saga_that_missed_step_two_cannot_undo_the_acceptance_it_finished()
    {
        var (job, employer, worker) = await AppliedAsync();
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

        // What a saga whose step-2 event is late does once its re-drives run out.
        var compensated = await Grains.GetGrain<IJobGrain>(job).Compensate(worker.Id, SagaKind.Acceptance, "saga-failed:schedule");

        Assert.Equal(ApplicationStatus.Accepted, compensated.Application!.Status);
        Assert.Equal(1, (await Grains.GetGrain<IJobGrain>(job).Get())!.AcceptedCount);
        Assert.Equal(job, Assert.Single((await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Shifts).JobId);
    }

    /// <summary>This job's dead letters of the notification step's acceptance event, as operators list them.</summary>
    private async Task<JsonElement[]> AcceptanceDeadLettersAsync(Guid job)
    {
        var admin = ApiUser.Create(fixture, "admin");
        var list = await (await admin.Get("/api/analytics/events/dead-letters?limit=500")).Json(HttpStatusCode.OK);
        var consumer = Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).GetGrainId().ToString();
        return [.. list.GetProperty("items").EnumerateArray().Where(d =>
            d.GetProperty("aggregateId").GetString() == job.ToString()
            && d.GetProperty("type").GetString() == "jobs.application-accepted"
            && d.GetProperty("consumer").GetString() == consumer)];
    }

    [Fact]
    public async Task An_unreachable_schedule_leaves_the_slot_held_until_the_saga_gives_up_and_releases_it()
    {
        var (job, employer, worker) = await AppliedAsync();
        JobsTestHooks.Faults.Arm(SagaFault.ScheduleUnavailable, job, times: 1000);

        var accepting = await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        Assert.Equal("accepting", accepting.GetProperty("status").GetString());

        var saga = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Compensated);
        Assert.Equal("saga-failed:schedule", saga.CompensationReason);
        Assert.Equal(ApplicationStatus.Rejected, (await Grains.GetGrain<IJobGrain>(job).ApplicationOf(worker.Id))!.Status);
        Assert.Equal(0, (await Grains.GetGrain<IJobGrain>(job).Get())!.AcceptedCount);
        Assert.Empty((await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Shifts);
        JobsTestHooks.Faults.Arm(SagaFault.ScheduleUnavailable, job, times: 0);
    }
}
