using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Jobs;
using OneDay.Tests.Fixtures;
using Orleans.TestingHost;

namespace OneDay.Tests.Jobs;

/// <summary>
/// The submission saga: the job registers the application, the worker's schedule notes it, communication
/// notifies the employer and analytics records it, the last two through the real "jobs.applications" stream path.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SubmissionSagaTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private Task<SagaView> SagaWhen(Guid job, Guid worker, Func<SagaView, bool> condition) =>
        SagaProbe.SagaWhen(Grains, job, worker, SagaKind.Application, condition);

    private Task<EmployerNotification[]> SentFor(Guid job) => Grains.GetGrain<IJobNotificationsGrain>(job.ToString()).Sent();

    [Fact]
    public async Task An_application_runs_every_step_and_shows_on_the_workers_schedule()
    {
        var (job, employer, worker) = await SagaProbe.AppliedAsync(fixture);

        var saga = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Completed);
        Assert.Equal(Enum.GetValues<SagaStep>(), saga.Done);
        Assert.Single(await SentFor(job), n => n.Kind == "application-submitted" && n.EmployerId == employer.Id && n.WorkerId == worker.Id);
        var analytics = await Grains.GetGrain<IJobAnalyticsGrain>(job.ToString()).Recorded();
        Assert.Equal(1, analytics.EventCounts["jobs.application-submitted"]);
        // Step 2 finished within the request, so the job never sent the start event that asks the saga to watch.
        Assert.False(analytics.EventCounts.ContainsKey("jobs.application-submitting"));

        var schedule = await (await worker.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        var noted = Assert.Single(schedule.GetProperty("applications").EnumerateArray());
        Assert.Equal(job, noted.GetProperty("jobId").GetGuid());
        Assert.Empty(schedule.GetProperty("shifts").EnumerateArray());

        var admin = ApiUser.Create(fixture, "admin");
        var sagas = await (await admin.Get($"/api/jobs/{job}/sagas")).Json(HttpStatusCode.OK);
        var reported = Assert.Single(sagas.EnumerateArray());
        Assert.Equal("application", reported.GetProperty("kind").GetString());
        Assert.Equal("completed", reported.GetProperty("status").GetString());
        Assert.Equal(["jobRecorded", "scheduleUpdated", "employerNotified", "analyticsRecorded"],
            reported.GetProperty("done").EnumerateArray().Select(step => step.GetString()));
        await (await employer.Get($"/api/jobs/{job}/sagas")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.Get($"/api/jobs/{Guid.NewGuid()}/sagas")).Problem(HttpStatusCode.NotFound, "job-not-found");
    }

    [Fact]
    public async Task The_application_moves_to_the_shift_on_acceptance_and_leaves_the_schedule_on_withdrawal()
    {
        var (job, employer, worker) = await SagaProbe.AppliedAsync(fixture, funded: true);
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        var schedule = await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get();
        Assert.Empty(schedule.Applications);
        Assert.Equal(job, Assert.Single(schedule.Shifts).JobId);

        var (other, _) = await SagaProbe.PostedAsync(fixture, JobsTestHooks.Now.AddDays(12));
        await (await worker.Post($"/api/jobs/{other}/applications")).Json(HttpStatusCode.Created);
        await (await worker.Delete($"/api/jobs/{other}/applications/me")).Json(HttpStatusCode.OK);
        Assert.True(await JobsApi.Eventually(
            async () => (await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Applications.Length == 0, SagaProbe.Patience));
        await SagaWhen(other, worker.Id, s => s.Status != SagaStatus.Running);
    }

    [Fact]
    public async Task Applying_over_an_accepted_shift_is_refused_and_compensated_and_may_be_retried_later()
    {
        var start = JobsTestHooks.Now.AddDays(8);
        var (held, heldEmployer, worker) = await SagaProbe.AppliedAsync(fixture, start, funded: true);
        await (await heldEmployer.Post($"/api/jobs/{held}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        var (clash, _) = await SagaProbe.PostedAsync(fixture, start.AddHours(2));

        await (await worker.Post($"/api/jobs/{clash}/applications")).Problem(HttpStatusCode.Conflict, "schedule-conflict");

        var saga = await SagaWhen(clash, worker.Id, s => s.Status == SagaStatus.Compensated);
        Assert.Equal("schedule-conflict", saga.CompensationReason);
        var mine = await (await worker.Get($"/api/jobs/{clash}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("rejected", mine.GetProperty("status").GetString());
        Assert.DoesNotContain(await SentFor(clash), n => n.Kind == "application-submitted");
        Assert.DoesNotContain((await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Applications, a => a.JobId == clash);

        // Once the worker leaves the overlapping shift, applying again is allowed.
        await (await worker.Delete($"/api/jobs/{held}/applications/me")).Json(HttpStatusCode.OK);
        Assert.True(await JobsApi.Eventually(
            async () => (await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Shifts.Length == 0, SagaProbe.Patience));
        var retried = await (await worker.Post($"/api/jobs/{clash}/applications")).Json(HttpStatusCode.Created);
        Assert.Equal("pending", retried.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_crash_after_the_application_was_registered_is_resumed_by_the_saga()
    {
        var (job, _) = await SagaProbe.PostedAsync(fixture);
        var worker = Guid.NewGuid();
        JobsTestHooks.Faults.Arm(SagaFault.CrashAfterJobStep, job, kind: SagaKind.Application);

        await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IJobGrain>(job).Apply(worker, null));

        // Nothing but the saga grain touches the job from here on.
        var saga = await SagaWhen(job, worker, s => s.Status == SagaStatus.Completed);
        Assert.True(saga.Redrives >= 1);
        Assert.Equal(ApplicationStatus.Pending, (await Grains.GetGrain<IJobGrain>(job).ApplicationOf(worker))!.Status);
        Assert.Equal(job, Assert.Single((await Grains.GetGrain<IWorkerScheduleGrain>(worker).Get()).Applications).JobId);
        Assert.Single(await SentFor(job), n => n.Kind == "application-submitted");
    }

    [Fact]
    public async Task An_unreachable_schedule_answers_submitting_and_the_saga_finishes_the_application()
    {
        var (job, _) = await SagaProbe.PostedAsync(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        JobsTestHooks.Faults.Arm(SagaFault.ScheduleUnavailable, job, times: 2, kind: SagaKind.Application);

        var submitting = await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        Assert.Equal("submitting", submitting.GetProperty("status").GetString());

        var saga = await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Completed);
        Assert.True(saga.Redrives >= 1, $"Redrives: {saga.Redrives}");
        var mine = await (await worker.Get($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("pending", mine.GetProperty("status").GetString());
        Assert.Single(await SentFor(job), n => n.Kind == "application-submitted");
        // Left half-way by the request, the application was the saga's to watch from its start event.
        var counts = (await Grains.GetGrain<IJobAnalyticsGrain>(job.ToString()).Recorded()).EventCounts;
        Assert.Equal(1, counts.GetValueOrDefault("jobs.application-submitting"));
    }

    [Fact]
    public async Task A_notification_that_keeps_failing_leaves_the_application_standing()
    {
        var (job, _) = await SagaProbe.PostedAsync(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        JobsTestHooks.Faults.Arm(SagaFault.NotifyEmployer, job, times: 1000, kind: SagaKind.Application);

        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);

        var saga = await SagaWhen(job, worker.Id, s => s.Status != SagaStatus.Running);
        Assert.Equal(SagaStatus.CompletedWithPendingSteps, saga.Status);
        Assert.Null(saga.CompensationReason);
        Assert.Equal(ApplicationStatus.Pending, (await Grains.GetGrain<IJobGrain>(job).ApplicationOf(worker.Id))!.Status);
        Assert.Equal(job, Assert.Single((await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Applications).JobId);
        Assert.DoesNotContain(await SentFor(job), n => n.Kind == "application-submitted");
        JobsTestHooks.Faults.Arm(SagaFault.NotifyEmployer, job, times: 0, kind: SagaKind.Application);
    }

    [Fact]
    public async Task A_saga_that_missed_step_two_cannot_undo_the_application_it_finished()
    {
        var (job, _, worker) = await SagaProbe.AppliedAsync(fixture);

        var compensated = await Grains.GetGrain<IJobGrain>(job).Compensate(worker.Id, SagaKind.Application, "saga-failed:schedule");

        Assert.Equal(ApplicationStatus.Pending, compensated.Application!.Status);
        Assert.Equal(job, Assert.Single((await Grains.GetGrain<IWorkerScheduleGrain>(worker.Id).Get()).Applications).JobId);
    }

    [Fact]
    public async Task The_watch_reminder_is_gone_once_the_job_has_had_no_running_saga_for_a_reminder_period()
    {
        // Left half-way by its request, the application is watched from its start event. (One finished within the
        // request starts its saga at the step-2 event, and is not watched at all when the later steps were quicker.)
        var (job, _) = await SagaProbe.PostedAsync(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        JobsTestHooks.Faults.Arm(SagaFault.ScheduleUnavailable, job, times: 1, kind: SagaKind.Application);
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await SagaWhen(job, worker.Id, s => s.Status == SagaStatus.Completed);

        // The watch lingers after the last saga (so the next application does not register it again), but
        // not for ever: a job left with a reminder would wake up every period for nothing.
        var silo = fixture.Cluster.Primary as InProcessSiloHandle
            ?? throw new InvalidOperationException("The test cluster runs its silos in process.");
        var reminders = silo.ServiceProvider.GetRequiredService<IReminderTable>();
        var saga = Grains.GetGrain<IJobSagaGrain>(job.ToString());
        async Task<int> Watches() => (await reminders.ReadRows(saga.GetGrainId())).Reminders.Count;
        Assert.Equal(1, await Watches());

        // Each check reads job time: the first notes that nothing runs, the next one a period later ends the watch.
        await saga.CheckOverdue();
        JobsTestHooks.Time.Advance(JobsTestHooks.Options.SagaReminderPeriod - TimeSpan.FromSeconds(1));
        await saga.CheckOverdue();
        Assert.Equal(1, await Watches());
        JobsTestHooks.Time.Advance(TimeSpan.FromSeconds(1));
        await saga.CheckOverdue();
        Assert.Equal(0, await Watches());
    }
}
