using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs.Saga;

/// <summary>One saga of one job: a worker's submission or acceptance.</summary>
public readonly record struct SagaKey(Guid WorkerId, SagaKind Kind);

/// <summary>Which job events move which saga: the job emits one when step 1 is done and one when step 2 is.</summary>
public static class SagaEvents
{
    /// <summary>The saga whose step 1 (job) this event reports.</summary>
    public static SagaKey? StartOf(object payload) => payload switch
    {
        ApplicationSubmitting e => new SagaKey(e.WorkerId, SagaKind.Application),
        ApplicationAccepting e => new SagaKey(e.WorkerId, SagaKind.Acceptance),
        _ => null,
    };

    /// <summary>The saga whose step 2 (schedule) this event reports; communication and analytics act on it.</summary>
    public static SagaKey? TriggerOf(object payload) => payload switch
    {
        ApplicationSubmitted e => new SagaKey(e.WorkerId, SagaKind.Application),
        ApplicationAccepted e => new SagaKey(e.WorkerId, SagaKind.Acceptance),
        _ => null,
    };
}
