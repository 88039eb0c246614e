using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// The job sagas' one test seam: each step asks it whether to fail, because the saga tests need failures at
/// exact steps that neither the network nor a process kill can place deterministically. Production registers
/// a hook that never fails; only test silos register another. A failing <see cref="SagaStep.JobRecorded"/>
/// stands for the job's silo dying right after it stored that step.
/// </summary>
public interface ISagaFaultHook
{
    bool ShouldFail(SagaStep step, Guid jobId, SagaKind kind);
}

internal sealed class NoSagaFaults : ISagaFaultHook
{
    public bool ShouldFail(SagaStep step, Guid jobId, SagaKind kind) => false;
}
