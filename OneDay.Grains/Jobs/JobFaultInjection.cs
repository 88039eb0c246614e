using System.Collections.Concurrent;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>Points in the application saga where a failure can be forced.</summary>
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

/// <summary>
/// Failure injection for the saga. Production never arms it; the saga tests need failures at exact steps
/// that neither the network nor a process kill can place deterministically.
/// </summary>
public sealed class JobFaultInjection
{
    private readonly ConcurrentDictionary<(SagaFault Fault, Guid JobId, SagaKind Kind), int> _armed = new();

    public void Arm(SagaFault fault, Guid jobId, int times = 1, SagaKind kind = SagaKind.Acceptance) =>
        _armed[(fault, jobId, kind)] = times;

    /// <summary>True (and one charge used) when the fault is armed for this job's saga of this kind.</summary>
    public bool Trip(SagaFault fault, Guid jobId, SagaKind kind)
    {
        while (_armed.TryGetValue((fault, jobId, kind), out var left) && left > 0)
        {
            if (_armed.TryUpdate((fault, jobId, kind), left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Thrown where an armed fault fires.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);
