using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace OneDay.Grains.Eventing;

/// <summary>
/// Base for a domain-event consumer with exactly-once effects over at-least-once delivery. Add
/// [ImplicitStreamSubscription("&lt;namespace&gt;")] to the subclass, once per namespace (a domain, or one of its
/// sub-streams such as <see cref="Interfaces.Jobs.JobStreams.Applications"/>); every event of it whose aggregate
/// id is this grain's key arrives here. The effect of <see cref="HandleAsync"/> and the event
/// id are written in one state write, so a redelivered event is skipped. A handler that keeps throwing
/// is retried with backoff <see cref="MaxAttempts"/> times, then the event goes to the dead-letter
/// store and the stream moves on; an admin can replay it once the handler is fixed.
/// </summary>
public abstract partial class IdempotentConsumerGrain<TState>(IPersistentState<TState> state)
    : Grain, IEventConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
    where TState : ConsumerState, new()
{
    private ILogger? _logger;
    private TimeProvider? _time;

    protected TState State => state.State;

    protected virtual int MaxAttempts => 4;

    protected virtual TimeSpan FirstRetryDelay => TimeSpan.FromMilliseconds(50);

    /// <summary>Redeliveries this activation skipped (diagnostics; not persisted).</summary>
    protected long DuplicatesSkipped { get; private set; }

    private ILogger Logger => _logger ??= ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());

    /// <summary>The host's clock, from the activation's services like the logger, so subclasses need not pass it on.</summary>
    protected TimeProvider Time => _time ??= ServiceProvider.GetRequiredService<TimeProvider>();

    /// <summary>For changes made outside event handling (calls, timers); the processed window is stored with them.</summary>
    protected Task WriteStateAsync() => state.WriteStateAsync();

    /// <summary>Apply the event to <see cref="State"/>. Throwing leaves State as it was last written.</summary>
    protected abstract Task HandleAsync(DomainEvent domainEvent);

    /// <summary>Events this consumer ignores cost no state write.</summary>
    protected virtual bool Accepts(DomainEvent domainEvent) => true;

    /// <summary>
    /// Runs once the event's effect is written, and again whenever a redelivery of an applied event is
    /// skipped: a consumer that must tell someone it is done (a saga step) says so here, and says it again
    /// if the first message was lost with a crash. The receiver must therefore be idempotent.
    /// </summary>
    protected virtual Task OnAppliedAsync(DomainEvent domainEvent) => Task.CompletedTask;

    /// <summary>
    /// Delivery outside the stream, for a process manager driving a stuck step again: applies the event
    /// unless it already was, and replays it if this consumer dead-lettered it earlier.
    /// </summary>
    protected async Task DeliverDirectlyAsync(DomainEvent domainEvent)
    {
        if (State.DeadLettered.Contains(domainEvent.EventId))
        {
            if (await Replay(domainEvent) == ConsumerReplay.Applied)
            {
                // Otherwise its dead letter would stay pending, asking an operator to replay what is done.
                await GrainFactory.Reference<IDeadLetterGrain>(0).Resolved(this.GetGrainId(), domainEvent.EventId);
            }
        }
        else
        {
            await OnNextAsync(domainEvent);
        }
    }

    /// <summary>
    /// Settles a dead-lettered event without applying it, for a process manager that compensated instead:
    /// it stays processed, so neither a redelivery nor a later replay applies it.
    /// </summary>
    protected async Task DiscardDeadLetterAsync(Guid eventId)
    {
        if (State.DeadLettered.Remove(eventId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(this);

    public async Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null)
    {
        if (!Accepts(item))
        {
            return;
        }

        using var span = EventTracing.StartConsume(item, GetType().Name);

        if (State.Processed.Contains(item.EventId))
        {
            DuplicatesSkipped++;
            if (!State.DeadLettered.Contains(item.EventId))
            {
                await OnAppliedAsync(item);
            }

            return;
        }

        var failure = await TryApplyAsync(item, MaxAttempts);
        if (failure is null)
        {
            return;
        }

        LogDeadLettered(Logger, failure, item.Type, item.EventId, MaxAttempts);
        await GrainFactory.Reference<IDeadLetterGrain>(0).Add(new DeadLetter(
            Guid.NewGuid(), this.GetGrainId(), item, MaxAttempts, failure.GetType().Name + ": " + failure.Message, Time.GetUtcNow()));
        // Marked processed so a redelivery does not dead-letter it twice; replay goes through DeadLettered.
        State.Processed.Add(item.EventId);
        State.DeadLettered.Add(item.EventId);
        await state.WriteStateAsync();
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task<ConsumerReplay> Replay(DomainEvent domainEvent)
    {
        if (!State.DeadLettered.Contains(domainEvent.EventId))
        {
            // Replayed already, or discarded by a process manager that compensated: applying it again would
            // double or revive its effect.
            return ConsumerReplay.AlreadySettled;
        }

        State.DeadLettered.Remove(domainEvent.EventId);
        // A failure reads the state back, which puts the event back among the dead-lettered.
        return await TryApplyAsync(domainEvent, attempts: 1) is null ? ConsumerReplay.Applied : ConsumerReplay.StillFailing;
    }

    /// <summary>Returns null when applied and written, or the handler's last exception.</summary>
    private async Task<Exception?> TryApplyAsync(DomainEvent item, int attempts)
    {
        Exception? last = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                await HandleAsync(item);
            }
            catch (Exception ex)
            {
                last = ex;
                // Undo whatever the handler changed before it threw.
                await state.ReadStateAsync();
                if (attempt < attempts)
                {
                    await Task.Delay(FirstRetryDelay * (1 << (attempt - 1)), Time);
                }

                continue;
            }

            State.Processed.Add(item.EventId);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Storage, not the handler, failed: let the stream redeliver instead of dead-lettering.
                await state.ReadStateAsync();
                throw;
            }

            await OnAppliedAsync(item);
            return null;
        }

        return last;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {Type} {EventId} failed {Attempts} times; sent to dead letters")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, string type, Guid eventId, int attempts);
}
