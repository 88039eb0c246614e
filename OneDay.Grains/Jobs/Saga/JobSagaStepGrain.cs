using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs.Saga;

/// <summary>
/// Base of the saga steps that live in other domains (communication, analytics). Each is keyed by the
/// job id, consumes the job's stream idempotently and reports a submission or acceptance it handled to
/// the job's saga grain. The saga grain owns retries: when the step fails it drives it again through
/// <see cref="Deliver"/>, backing off, and past its redrive limit leaves the event in dead letters.
/// </summary>
public abstract partial class JobSagaStepGrain<TState>(
    IPersistentState<TState> state,
    SagaStep step,
    ISagaFaultHook faults,
    ILogger logger) : IdempotentConsumerGrain<TState>(state)
    where TState : ConsumerState, new()
{
    protected Guid JobId => Guid.Parse(this.GetPrimaryKeyString());

    /// <summary>
    /// No in-line retries: the saga's back-off and redrive limit decide how long a step may fail. A failed
    /// event is dead-lettered here and replayed by the saga's next redrive, or at last by an operator.
    /// </summary>
    protected override int MaxAttempts => 1;

    /// <summary>The saga grain's way to drive this step again (same envelope, same event id).</summary>
    public Task Deliver(DomainEvent domainEvent) => DeliverDirectlyAsync(domainEvent);

    public Task Discard(Guid eventId) => DiscardDeadLetterAsync(eventId);

    /// <summary>
    /// Applies the event to State; the base writes it together with the event id. A call to another grain here may
    /// run again after a crash or a failed write, so it must be idempotent.
    /// </summary>
    protected abstract Task ApplyAsync(DomainEvent domainEvent);

    protected sealed override Task HandleAsync(DomainEvent domainEvent)
    {
        if (SagaEvents.TriggerOf(domainEvent.Payload) is { } saga && faults.ShouldFail(step, JobId, saga.Kind))
        {
            throw new InvalidOperationException($"The saga fault hook failed saga step {step}.");
        }

        return ApplyAsync(domainEvent);
    }

    protected sealed override async Task OnAppliedAsync(DomainEvent domainEvent)
    {
        if (SagaEvents.TriggerOf(domainEvent.Payload) is not { } saga)
        {
            return;
        }

        try
        {
            await GrainFactory.Reference<IJobSagaGrain>(this.GetPrimaryKeyString())
                .StepDone(domainEvent.EventId, saga.WorkerId, saga.Kind, step);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not rethrown, which would stall the job's stream: the saga times the step out, drives it
            // again, and the skipped redelivery reports once more.
            LogReportFailed(logger, ex, step, domainEvent.EventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga step {Step} applied event {EventId} but could not report it; the saga will retry")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, SagaStep step, Guid eventId);
}
