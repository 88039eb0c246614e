using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Eventing;

/// <summary>
/// Keeps dead letters (newest <see cref="Capacity"/>) in the analytics storage and replays one by
/// calling the consumer that gave up on it. Replay is safe to repeat: the consumer applies a dead-lettered
/// event at most once.
/// </summary>
[DomainPlacement(Domains.Analytics)]
public sealed class DeadLetterGrain(
    [PersistentState("dead-letters", Domains.Analytics)] IPersistentState<DeadLetterState> state,
    TimeProvider time,
    EventMetrics metrics)
    : Grain, IDeadLetterGrain
{
    public const int Capacity = 10_000;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.DeadLettersWaiting(Waiting());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation, perhaps on another silo, reports the count; a stale one here would outlive it.
        metrics.DeadLettersWaiting(null);
        return Task.CompletedTask;
    }

    public async Task Add(DeadLetter deadLetter)
    {
        state.State.Items.Add(deadLetter);
        if (state.State.Items.Count > Capacity)
        {
            state.State.Items.RemoveRange(0, state.State.Items.Count - Capacity);
        }

        await state.WriteStateAsync();
        metrics.DeadLettered(deadLetter.Event.Type);
        metrics.DeadLettersWaiting(Waiting());
    }

    public Task<IReadOnlyList<DeadLetter>> List(int limit) =>
        Task.FromResult<IReadOnlyList<DeadLetter>>(
            state.State.Items.AsEnumerable().Reverse().Take(Math.Clamp(limit, 1, Capacity)).ToArray());

    Task<int> IDeadLetterGrain.Waiting() => Task.FromResult(Waiting());

    public async Task<ReplayOutcome> Replay(Guid id)
    {
        var index = state.State.Items.FindIndex(d => d.Id == id);
        if (index < 0)
        {
            return ReplayOutcome.NotFound;
        }

        var deadLetter = state.State.Items[index];
        var consumer = GrainFactory.Reference<IEventConsumerGrain>(deadLetter.Consumer);
        var now = time.GetUtcNow();
        switch (await consumer.Replay(deadLetter.Event))
        {
            case ConsumerReplay.StillFailing:
                return ReplayOutcome.StillFailing;
            case ConsumerReplay.Applied:
                await MarkAsync(index, deadLetter with { ReplayedAt = now });
                return ReplayOutcome.Replayed;
            default:
                // Asked again after a replay that applied it: the same answer, so a retried request is harmless.
                if (deadLetter.ReplayedAt is not null)
                {
                    return ReplayOutcome.Replayed;
                }

                if (deadLetter.SettledAt is null)
                {
                    await MarkAsync(index, deadLetter with { SettledAt = now });
                }

                return ReplayOutcome.AlreadySettled;
        }
    }

    public async Task Resolved(GrainId consumer, Guid eventId)
    {
        var now = time.GetUtcNow();
        var changed = false;
        var items = state.State.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is { ReplayedAt: null, SettledAt: null } pending && pending.Consumer == consumer && pending.Event.EventId == eventId)
            {
                items[i] = pending with { ReplayedAt = now };
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
            metrics.DeadLettersWaiting(Waiting());
        }
    }

    private async Task MarkAsync(int index, DeadLetter marked)
    {
        state.State.Items[index] = marked;
        await state.WriteStateAsync();
        metrics.DeadLettersWaiting(Waiting());
    }

    private int Waiting() => state.State.Items.Count(d => d is { ReplayedAt: null, SettledAt: null });
}

[GenerateSerializer, Alias("oneday.events.dead-letter-state")]
public sealed class DeadLetterState
{
    [Id(0)] public List<DeadLetter> Items { get; set; } = [];
}
