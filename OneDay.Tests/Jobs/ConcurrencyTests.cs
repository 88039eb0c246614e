using System.Net;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Jobs;

/// <summary>
/// The two invariants under races: accepted workers never exceed headcount, and a worker never holds two
/// overlapping accepted shifts. Every command is fired at once, alternating between the two silos and the
/// HTTP gateway.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcurrencyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Racing_accepts_never_exceed_headcount()
    {
        const int headcount = 3;
        // Enough to escrow every racing accept at once, so only the headcount decides who is refused.
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var id = await employer.PostJob(JobsApi.JobBody(headcount: headcount));
        var workers = Enumerable.Range(0, 24).Select(_ => ApiUser.Create(fixture, "worker")).ToArray();
        await Task.WhenAll(workers.Select(async w => await (await w.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created)));

        var silos = SiloCalls.Factories(fixture);
        var outcomes = await Task.WhenAll(workers.Select(async (w, i) => i % 3 == 2
            ? (await employer.Post($"/api/jobs/{id}/applications/{w.Id}/accept")).StatusCode == HttpStatusCode.OK
            : (await silos[i % 2].GetGrain<IJobGrain>(id).Accept(employer.Id, w.Id)).Outcome == JobOutcome.Ok));

        Assert.Equal(headcount, outcomes.Count(ok => ok));
        var job = await silos[0].GetGrain<IJobGrain>(id).Get();
        Assert.Equal(headcount, job!.AcceptedCount);
        Assert.Equal(JobStatus.Filled, job.Status);
        var applications = await silos[1].GetGrain<IJobGrain>(id).Applications(employer.Id);
        Assert.Equal(headcount, applications!.Count(a => a.Status == ApplicationStatus.Accepted));
        Assert.Equal(workers.Length - headcount, applications!.Count(a => a.Status == ApplicationStatus.Pending));
    }

    [Fact]
    public async Task Racing_employers_never_give_one_worker_overlapping_shifts()
    {
        var silos = SiloCalls.Factories(fixture);
        var worker = Guid.NewGuid();
        var start = JobsTestHooks.Now.AddDays(4);
        // Eight 4-hour shifts starting within 2 hours of each other all share [start+2h, start+4h), so at
        // most one can be accepted; the ninth starts when every other has ended, so it is always accepted.
        var jobs = new List<(Guid Job, Guid Employer)>();
        for (var i = 0; i < 9; i++)
        {
            var employer = await PaymentsApi.FundedEmployer(fixture);
            var at = i < 8 ? start.AddMinutes(i * 15) : start.AddHours(6);
            jobs.Add((await employer.PostJob(JobsApi.JobBody(start: at, hours: i < 8 ? 4 : 2)), employer.Id));
        }

        foreach (var (job, _) in jobs)
        {
            Assert.Equal(JobOutcome.Ok, (await silos[0].GetGrain<IJobGrain>(job).Apply(worker, null)).Outcome);
        }

        var results = await Task.WhenAll(jobs.Select((j, i) => silos[i % 2].GetGrain<IJobGrain>(j.Job).Accept(j.Employer, worker)));

        Assert.Equal(1, results.Take(8).Count(r => r.Outcome == JobOutcome.Ok));
        Assert.Equal(7, results.Take(8).Count(r => r.Outcome == JobOutcome.ScheduleConflict));
        Assert.Equal(JobOutcome.Ok, results[8].Outcome);
        var schedule = await silos[1].GetGrain<IWorkerScheduleGrain>(worker).Get();
        Assert.Equal(2, schedule.Shifts.Length);
        await AssertConsistent(silos[0], [worker], jobs);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    public async Task Random_races_keep_both_invariants(int seed)
    {
        var random = new Random(seed);
        var silos = SiloCalls.Factories(fixture);
        var baseStart = JobsTestHooks.Now.AddDays(5);
        var workers = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        var jobs = new List<(Guid Job, Guid Employer)>();
        for (var i = 0; i < 6; i++)
        {
            var employer = await PaymentsApi.FundedEmployer(fixture);
            var body = JobsApi.JobBody(start: baseStart.AddMinutes(random.Next(0, 12 * 60)), hours: random.Next(2, 7), headcount: random.Next(1, 4));
            jobs.Add((await employer.PostJob(body), employer.Id));
        }

        await Task.WhenAll(jobs.SelectMany(j => workers.Select(w => silos[random.Next(2)].GetGrain<IJobGrain>(j.Job).Apply(w, null))));
        var commands = jobs.SelectMany(j => workers.Select(w => (j.Job, j.Employer, Worker: w))).OrderBy(_ => random.Next()).ToList();
        await Task.WhenAll(commands.Select((c, i) => silos[i % 2].GetGrain<IJobGrain>(c.Job).Accept(c.Employer, c.Worker)));

        var total = 0;
        foreach (var (job, employer) in jobs)
        {
            var view = await silos[0].GetGrain<IJobGrain>(job).Get();
            var applications = await silos[1].GetGrain<IJobGrain>(job).Applications(employer);
            var held = applications!.Count(a => a.HoldsSlot);
            // A job can end with nobody when every applicant was taken by overlapping shifts.
            Assert.InRange(held, 0, view!.Details.Headcount);
            Assert.Equal(held, view.AcceptedCount);
            total += held;
        }

        Assert.True(total > 0);

        await AssertConsistent(silos[0], workers, jobs);
    }

    /// <summary>No overlapping shifts per worker, and the schedules agree exactly with the jobs' accepted workers.</summary>
    private static async Task AssertConsistent(IGrainFactory grains, IEnumerable<Guid> workers, List<(Guid Job, Guid Employer)> jobs)
    {
        var acceptedByJob = new Dictionary<Guid, HashSet<Guid>>();
        foreach (var (job, employer) in jobs)
        {
            var applications = await grains.GetGrain<IJobGrain>(job).Applications(employer);
            acceptedByJob[job] = [.. applications!.Where(a => a.Status == ApplicationStatus.Accepted).Select(a => a.WorkerId)];
        }

        foreach (var worker in workers)
        {
            var shifts = (await grains.GetGrain<IWorkerScheduleGrain>(worker).Get()).Shifts;
            for (var a = 0; a < shifts.Length; a++)
            {
                for (var b = a + 1; b < shifts.Length; b++)
                {
                    Assert.False(shifts[a].StartsAt < shifts[b].EndsAt && shifts[b].StartsAt < shifts[a].EndsAt,
                        $"Worker {worker} holds overlapping shifts {shifts[a].JobId} and {shifts[b].JobId}.");
                }
            }

            var acceptedJobs = acceptedByJob.Where(j => j.Value.Contains(worker)).Select(j => j.Key).Order();
            Assert.Equal(acceptedJobs, shifts.Select(s => s.JobId).Order());
        }
    }
}
