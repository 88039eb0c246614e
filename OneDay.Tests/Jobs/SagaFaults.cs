using System.Collections.Concurrent;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Jobs;

/// <summary>Points in the job sagas where a test can force a failure.</summary>
public enum SagaFault
{
    /// <summary>The job grain's activation dies right after it persisted step 1 (a silo crash mid-saga).</summary>
    CrashAfterJobStep = 0,
    /// <summary>The employer notification step throws (communication unavailable).</summary>
    NotifyEmployer = 1,
    /// <summary>The analytics step throws.</summary>
    RecordAnalytics = 2,
    /// <summary>The worker's schedule cannot be reached (step 2).</summary>
    ScheduleUnavailable = 3,
}

/// <summary>The test silos' <see cref="ISagaFaultHook"/>: fails a step of one job's saga as many times as a test armed it.</summary>
public sealed class SagaFaults : ISagaFaultHook
{
    private readonly ConcurrentDictionary<(SagaStep Step, Guid JobId, SagaKind Kind), int> _armed = new();

    public void Arm(SagaFault fault, Guid jobId, int times = 1, SagaKind kind = SagaKind.Acceptance) =>
        _armed[(StepOf(fault), jobId, kind)] = times;

    /// <summary>True (and one charge used) when a fault is armed at this step of this job's saga of this kind.</summary>
    public bool ShouldFail(SagaStep step, Guid jobId, SagaKind kind)
    {
        while (_armed.TryGetValue((step, jobId, kind), out var left) && left > 0)
        {
            if (_armed.TryUpdate((step, jobId, kind), left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    private static SagaStep StepOf(SagaFault fault) => fault switch
    {
        SagaFault.CrashAfterJobStep => SagaStep.JobRecorded,
        SagaFault.ScheduleUnavailable => SagaStep.ScheduleUpdated,
        SagaFault.NotifyEmployer => SagaStep.EmployerNotified,
        SagaFault.RecordAnalytics => SagaStep.AnalyticsRecorded,
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };
}
