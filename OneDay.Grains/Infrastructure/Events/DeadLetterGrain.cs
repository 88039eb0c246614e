using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;

namespace OneDay.Grains.Infrastructure.Events;

/// <summary>
/// Keeps dead letters (newest <see cref="Capacity"/>) in the analytics storage and replays one by
/// calling the consumer that gave up on it. Replay is safe to repeat: the consumer applies a dead-lettered
/// event at most once.
/// </summary>
[DomainPlacement(Domains.Analytics)]
public sealed class DeadLetterGrain(
    [PersistentState("dead-letters", Domains.Analytics)] IPersistentState<DeadLetterState> state)
    : Grain, IDeadLetterGrain
{
    public const int Capacity = 10_000;

    public async Task Add(DeadLetter deadLetter)
    {
        state.State.Items.Add(deadLetter);
        if (state.State.Items.Count > Capacity)
        {
            state.State.Items.RemoveRange(0, state.State.Items.Count - Capacity);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<DeadLetter>> List(int limit) =>
        Task.FromResult<IReadOnlyList<DeadLetter>>(
            state.State.Items.AsEnumerable().Reverse().Take(Math.Clamp(limit, 1, Capacity)).ToArray());

    public async Task<ReplayOutcome> Replay(Guid id)
    {
        var index = state.State.Items.FindIndex(d => d.Id == id);
        if (index < 0)
        {
            return ReplayOutcome.NotFound;
        }

        var deadLetter = state.State.Items[index];
        var consumer = GrainFactory.GetGrain<IEventConsumerGrain>(deadLetter.Consumer);
        if (!await consumer.Replay(deadLetter.Event))
        {
            return ReplayOutcome.StillFailing;
        }

        if (deadLetter.ReplayedAt is null)
        {
            var now = (ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
            state.State.Items[index] = deadLetter with { ReplayedAt = now };
            await state.WriteStateAsync();
        }

        return ReplayOutcome.Replayed;
    }
}

[GenerateSerializer, Alias("oneday.events.dead-letter-state")]
public sealed class DeadLetterState
{
    [Id(0)] public List<DeadLetter> Items { get; set; } = [];
}
