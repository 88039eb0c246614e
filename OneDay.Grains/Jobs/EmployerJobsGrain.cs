using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

[GenerateSerializer, Alias("oneday.jobs.employer-jobs-state")]
public sealed class EmployerJobsState
{
    [Id(0)] public List<Guid> JobIds { get; set; } = [];
}

[DomainPlacement(Domains.Jobs)]
public sealed class EmployerJobsGrain(
    [PersistentState("employer-jobs", Domains.Jobs)] IPersistentState<EmployerJobsState> state) : Grain, IEmployerJobsGrain
{
    public async Task Add(Guid jobId)
    {
        if (!state.State.JobIds.Contains(jobId))
        {
            state.State.JobIds.Add(jobId);
            await state.WriteStateAsync();
        }
    }

    public Task<Guid[]> List() => Task.FromResult<Guid[]>([.. state.State.JobIds]);
}
