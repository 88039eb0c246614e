using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

[GenerateSerializer, Alias("oneday.communication.user-blocks-state")]
public sealed class UserBlocksState
{
    [Id(0)] public HashSet<Guid> Blocked { get; set; } = [];
    [Id(1)] public HashSet<Guid> BlockedBy { get; set; } = [];
}

/// <summary>
/// A user's blocks. Each conversation keeps the blocks between its own participants, told here when they change and
/// asked when someone joins, so a send never has to ask every participant.
/// </summary>
[DomainPlacement(Domains.Communication), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class UserBlocksGrain(
    [PersistentState("user-blocks", Domains.Communication)] IPersistentState<UserBlocksState> state) : Grain, IUserBlocksGrain
{
    public async Task SetBlocked(Guid otherUserId, bool blocked)
    {
        var changed = blocked ? state.State.Blocked.Add(otherUserId) : state.State.Blocked.Remove(otherUserId);
        if (changed)
        {
            await state.WriteStateAsync();
        }

        await GrainFactory.Reference<IUserBlocksGrain>(otherUserId).SetBlockedBy(this.GetPrimaryKey(), blocked);
        // Told again even when unchanged: a retry after a failure half-way reaches the conversations it missed.
        var me = this.GetPrimaryKey();
        var conversations = await GrainFactory.Reference<IUserConversationsGrain>(me).List();
        await Task.WhenAll(conversations.Select(c => GrainFactory.Reference<IConversationGrain>(c).BlockChanged(me, otherUserId, blocked)));
        // A worker and an employer who blocked each other are never matched: the worker read model follows.
        await GrainFactory.Reference<IMatchingProfileGrain>(me).Refresh();
    }

    public Task<IReadOnlyList<Guid>> Blocked() => Task.FromResult<IReadOnlyList<Guid>>([.. state.State.Blocked]);

    public async Task SetBlockedBy(Guid blockerId, bool blocked)
    {
        if (blocked ? state.State.BlockedBy.Add(blockerId) : state.State.BlockedBy.Remove(blockerId))
        {
            await state.WriteStateAsync();
        }

        await GrainFactory.Reference<IMatchingProfileGrain>(this.GetPrimaryKey()).Refresh();
    }

    public Task<BlockLists> Blocks() => Task.FromResult(new BlockLists([.. state.State.Blocked], [.. state.State.BlockedBy]));
}
