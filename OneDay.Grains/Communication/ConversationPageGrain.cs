using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

[GenerateSerializer, Alias("oneday.communication.conversation-page-state")]
public sealed class ConversationPageState
{
    [Id(0)] public List<ChatMessage> Messages { get; set; } = [];
}

/// <summary>A sealed page of a conversation; sealing it again (after a crash) writes the same messages.</summary>
[DomainPlacement(Domains.Communication)]
public sealed class ConversationPageGrain(
    [PersistentState("conversation-page", Domains.Communication)] IPersistentState<ConversationPageState> state)
    : Grain, IConversationPageGrain
{
    public async Task Seal(IReadOnlyList<ChatMessage> messages)
    {
        if (state.State.Messages.Count == 0)
        {
            state.State.Messages = [.. messages];
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ChatMessage>> Messages() => Task.FromResult<IReadOnlyList<ChatMessage>>(state.State.Messages);
}
