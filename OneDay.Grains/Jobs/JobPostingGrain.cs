using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Jobs;

/// <summary>
/// Where a new job gets its id, so that ids are made in the jobs domain, not by gateways. A stateless worker
/// is activated on the silo that receives the call when that silo hosts jobs, so posting through it adds a
/// local call rather than a network hop. Reentrant: it holds no state, and must not queue the posts behind
/// one that waits for its job grain.
/// </summary>
[StatelessWorker]
[Reentrant]
[DomainPlacement(Domains.Jobs)]
public sealed class JobPostingGrain : Grain, IJobPostingGrain
{
    public Task<JobResult> Post(Guid employerId, string? idempotencyKey, JobDraft draft)
    {
        var jobId = idempotencyKey is null ? Guid.NewGuid() : JobRules.IdFor(employerId, idempotencyKey);
        return GrainFactory.Reference<IJobGrain>(jobId).Create(employerId, draft);
    }
}
