using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

[GenerateSerializer, Alias("oneday.communication.user-conversations-state")]
public sealed class UserConversationsState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<Guid> Conversations { get; set; } = [];
}

/// <summary>The conversations a user takes part in, newest first.</summary>
[DomainPlacement(Domains.Communication), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class UserConversationsGrain(
    [PersistentState("user-conversations", Domains.Communication)] IPersistentState<UserConversationsState> state)
    : Grain, IUserConversationsGrain
{
    public async Task Add(Guid conversationId)
    {
        if (!state.State.Conversations.Contains(conversationId))
        {
            state.State.Conversations.Insert(0, conversationId);
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(Guid conversationId)
    {
        if (state.State.Conversations.Remove(conversationId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<Guid>> List() => Task.FromResult<IReadOnlyList<Guid>>([.. state.State.Conversations]);
}
