using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Communication;

[GenerateSerializer, Alias("oneday.communication.user-conversations-state")]
public sealed class UserConversationsState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<Guid> Conversations { get; set; } = [];
}

/// <summary>The conversations a user takes part in, newest first, at most <see cref="MaxListed"/> of them.</summary>
/// <remarks>
/// Reentrant, so an employer's list, which every application to their jobs adds to, stores a burst of additions in
/// one write: each method changes the state before its only await.
/// </remarks>
[Reentrant, DomainPlacement(Domains.Communication), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class UserConversationsGrain(
    [PersistentState("user-conversations", Domains.Communication)] IPersistentState<UserConversationsState> state)
    : Grain, IUserConversationsGrain
{
    private readonly TurnGroupCommit _writer = new(state.WriteStateAsync);

    /// <summary>
    /// Past it the oldest leaves the list (the conversation itself stays, reachable from its job): every application
    /// opens one, and the list is stored whole with each new one.
    /// </summary>
    public const int MaxListed = 500;

    public async Task Add(Guid conversationId)
    {
        if (!state.State.Conversations.Contains(conversationId))
        {
            state.State.Conversations.Insert(0, conversationId);
            if (state.State.Conversations.Count > MaxListed)
            {
                state.State.Conversations.RemoveRange(MaxListed, state.State.Conversations.Count - MaxListed);
            }

            await _writer.WriteAsync();
        }
    }

    public async Task Remove(Guid conversationId)
    {
        if (state.State.Conversations.Remove(conversationId))
        {
            await _writer.WriteAsync();
        }
    }

    public Task<IReadOnlyList<Guid>> List() => Task.FromResult<IReadOnlyList<Guid>>([.. state.State.Conversations]);
}
