using System.Net;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

/// <summary>A job takes at most <see cref="JobOptions.MaxApplicantsPerJob"/> applicants, so its state stays bounded.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApplicantsCapTests(ClusterFixture fixture)
{
    private const int Cap = JobOptions.DefaultMaxApplicantsPerJob;

    [Fact]
    public async Task A_job_with_its_most_applicants_refuses_a_new_one_but_not_one_who_applied_before()
    {
        var (job, _) = await SagaProbe.PostedAsync(fixture);
        var returning = ApiUser.Create(fixture, "worker");
        await (await returning.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        await (await returning.Delete($"/api/jobs/{job}/applications/me")).Json(HttpStatusCode.OK);
        // The rest of the applicants straight through the job grain: the limit is the grain's, the answer the gateway's.
        var grain = fixture.Cluster.Client.GetGrain<IJobGrain>(job);
        await Parallel.ForEachAsync(Enumerable.Range(1, Cap - 1), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            Assert.Equal(JobOutcome.Ok, (await grain.Apply(Guid.NewGuid(), null)).Outcome));

        var late = ApiUser.Create(fixture, "worker");
        var refused = await (await late.Post($"/api/jobs/{job}/applications")).Problem(HttpStatusCode.Conflict, "applications-limit");
        Assert.Contains($"({Cap})", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A worker who withdrew counts among the applicants already, and may apply again.
        var again = await (await returning.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        Assert.Equal("pending", again.GetProperty("status").GetString());
    }
}
