using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Jobs;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;
using Orleans.TestingHost;

namespace OneDay.Tests.Jobs;

/// <summary>
/// A silo dies in the middle of an application saga. State, reminders and stream subscriptions are in
/// PostgreSQL, so the surviving silo picks the saga up through its reminder and finishes it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SagaCrashRecoveryTests(PostgresFixture postgres) : IAsyncLifetime
{
    private TestCluster? _cluster;

    public async Task InitializeAsync()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("jobsaga");
        _cluster = await TestClusters.StartAsync(new Dictionary<string, string>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:Postgres:ConnectionString"] = db,
            // Longer than it takes the test to kill the silo, so the saga's own timer cannot finish the saga first.
            [JobsTestHooks.SagaStepTimeoutSetting] = "4000",
            // Recovery takes real seconds (membership, reminders); job time that other tests move on would
            // spend the saga's re-drives before the cluster has recovered.
            [JobsTestHooks.SystemClockSetting] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await Teardown.StopAsync(_cluster);
    }

    [Theory]
    [InlineData(SagaKind.Application)]
    [InlineData(SagaKind.Acceptance)]
    public async Task A_saga_whose_silo_crashed_is_resumed_by_the_surviving_silo(SagaKind kind)
    {
        var cluster = _cluster!;
        var grains = cluster.Client;
        var jobId = Guid.NewGuid();
        var employer = Guid.NewGuid();
        var worker = Guid.NewGuid();
        var start = JobsTestHooks.Now.AddDays(9);
        var draft = new JobDraft("Stocktake", "Count boxes", "warehouse", new JobLocation(37.5, 127.0, "Incheon"),
            start, start.AddHours(5), new JobPay(12_000, PayKind.PerHour), 1, [], 100);
        var job = grains.GetGrain<IJobGrain>(jobId);
        Assert.Equal(JobOutcome.Ok, (await job.Create(employer, draft)).Outcome);
        if (kind == SagaKind.Acceptance)
        {
            // No gateway here: the employer tops up through the grains, to have the shift's pay for escrow.
            await grains.Fund(employer);
            Assert.Equal(JobOutcome.Ok, (await job.Apply(worker, null)).Outcome);
        }

        // The job's activation dies right after persisting saga step 1 of 4...
        JobsTestHooks.Faults.Arm(SagaFault.CrashAfterJobStep, jobId, kind: kind);
        await Assert.ThrowsAnyAsync<Exception>(() => kind == SagaKind.Acceptance ? job.Accept(employer, worker) : job.Apply(worker, null));
        var saga = grains.GetGrain<IJobSagaGrain>(jobId.ToString());
        async Task<SagaView?> Mine() => (await saga.Sagas()).SingleOrDefault(s => s.Kind == kind);
        Assert.True(await JobsApi.Eventually(async () => (await Mine())?.Status == SagaStatus.Running, TimeSpan.FromSeconds(10)));

        // ...and then the silo running the saga is killed, taking its timer with it.
        var host = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(saga);
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        await cluster.KillSiloAsync(victim);
        if (victim == cluster.Primary)
        {
            await cluster.RestartSiloAsync(victim);
        }

        // Watched without touching the job or saga grains: only the saga's reminder can finish it.
        var notification = kind == SagaKind.Acceptance ? "worker-confirmed" : "application-submitted";
        var notifications = grains.GetGrain<IJobNotificationsGrain>(jobId.ToString());
        Assert.True(await JobsApi.Eventually(
            async () => (await Retry.UntilSuccess(() => notifications.Sent())).Any(n => n.Kind == notification),
            TimeSpan.FromSeconds(90)), "The saga was not resumed after the crash.");
        var schedule = await grains.GetGrain<IWorkerScheduleGrain>(worker).Get();
        var noted = kind == SagaKind.Acceptance ? schedule.Shifts : schedule.Applications;
        Assert.True(noted.Length == 1, $"Saga: {await Mine()}; application: {await job.ApplicationOf(worker)}");
        Assert.Equal(jobId, Assert.Single(noted).JobId);
        Assert.True(await JobsApi.Eventually(
            async () => (await Mine())?.Status == SagaStatus.Completed, TimeSpan.FromSeconds(30)));
        var expected = kind == SagaKind.Acceptance ? ApplicationStatus.Accepted : ApplicationStatus.Pending;
        Assert.Equal(expected, (await job.ApplicationOf(worker))!.Status);
    }
}
