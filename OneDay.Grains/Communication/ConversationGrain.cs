using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

/// <summary>A conversation: stored before a send returns, then pushed to every participant's connected devices.</summary>
[DomainPlacement(Domains.Communication)]
public sealed class ConversationGrain(
    [PersistentState("conversation", Domains.Communication)] IPersistentState<ConversationState> state,
    TimeProvider time) : Grain, IConversationGrain
{
    /// <summary>A client says it is typing every few seconds; more often is passed on at most this often.</summary>
    private static readonly TimeSpan TypingEvery = TimeSpan.FromSeconds(2);

    private readonly Dictionary<Guid, DateTimeOffset> _lastTyping = [];

    private ConversationState S => state.State;

    private Guid Id => this.GetPrimaryKey();

    public async Task Open(ConversationKind kind, Guid jobId, IReadOnlyList<Guid> participants)
    {
        var joining = participants.Where(p => !S.Participants.ContainsKey(p)).Distinct().ToList();
        if (S.Exists && joining.Count == 0)
        {
            return;
        }

        if (!S.Exists)
        {
            (S.Exists, S.Kind, S.JobId) = (true, kind, jobId);
        }

        joining.ForEach(p => S.Participants[p] = 0);
        // One call per joiner: each user's blocks name both directions, so the others need not be asked.
        var blocks = await Task.WhenAll(joining.Select(p => GrainFactory.Reference<IUserBlocksGrain>(p).Blocks()));
        foreach (var (joiner, lists) in joining.Zip(blocks))
        {
            lists.Blocked.Where(S.Participants.ContainsKey).ToList().ForEach(b => S.SetBlock(joiner, b, true));
            lists.BlockedBy.Where(S.Participants.ContainsKey).ToList().ForEach(b => S.SetBlock(b, joiner, true));
        }

        await WriteAsync();
        // After the write: a list entry may point at a conversation, never the other way round.
        await Task.WhenAll(joining.Select(p => GrainFactory.Reference<IUserConversationsGrain>(p).Add(Id)));
    }

    public async Task Leave(Guid userId)
    {
        if (S.Participants.Remove(userId))
        {
            S.Blocks.Remove(userId);
            foreach (var blocked in S.Blocks.Values)
            {
                blocked.Remove(userId);
            }

            await WriteAsync();
        }

        await GrainFactory.Reference<IUserConversationsGrain>(userId).Remove(Id);
    }

    public async Task<SendResult> Send(Guid senderId, string clientMessageId, string text)
    {
        if (Access(senderId) is { } denied)
        {
            return SendResult.Fail(denied);
        }

        var errors = ChatRules.Validate(clientMessageId, text);
        if (errors.Count > 0)
        {
            return new SendResult(ChatOutcome.Invalid, null, errors);
        }

        if (S.FindSent(senderId, clientMessageId) is { } sent)
        {
            return new SendResult(ChatOutcome.Ok, sent, []);
        }

        if (S.IsCut(senderId))
        {
            return SendResult.Fail(ChatOutcome.Blocked);
        }

        var message = S.Append(Id, senderId, clientMessageId, text, time.GetUtcNow());
        await WriteAsync();
        foreach (var participant in S.Participants.Keys.Where(p => !S.HasBlocked(p, senderId)))
        {
            await GrainFactory.Reference<IUserConnectionsGrain>(participant).Message(message);
        }

        await SealIfFullAsync();
        return new SendResult(ChatOutcome.Ok, message, []);
    }

    public async Task<HistoryResult> History(Guid readerId, long? before, int limit)
    {
        if (Access(readerId) is { } denied)
        {
            return new HistoryResult(denied, null);
        }

        var pages = await Task.WhenAll(S.PagesFor(before, limit)
            .Select(p => GrainFactory.Reference<IConversationPageGrain>(PageKey(p)).Messages()));
        return new HistoryResult(ChatOutcome.Ok, S.Page(readerId, before, limit, pages.SelectMany(p => p)));
    }

    public async Task<ChatOutcome> MarkRead(Guid readerId, long upTo)
    {
        if (Access(readerId) is { } denied)
        {
            return denied;
        }

        var read = Math.Min(upTo, S.LastSequence);
        if (read > S.Participants[readerId])
        {
            S.Participants[readerId] = read;
            await WriteAsync();
            await SignalOthersAsync(new ConversationSignal(Id, readerId, ConversationSignalKind.Read, read));
        }

        return ChatOutcome.Ok;
    }

    public async Task<ChatOutcome> Typing(Guid userId)
    {
        if (Access(userId) is { } denied)
        {
            return denied;
        }

        var now = time.GetUtcNow();
        if (!_lastTyping.TryGetValue(userId, out var last) || now - last >= TypingEvery)
        {
            _lastTyping[userId] = now;
            await SignalOthersAsync(new ConversationSignal(Id, userId, ConversationSignalKind.Typing, S.Participants[userId]));
        }

        return ChatOutcome.Ok;
    }

    private async Task SignalOthersAsync(ConversationSignal signal)
    {
        foreach (var participant in S.Participants.Keys.Where(p => p != signal.UserId))
        {
            await GrainFactory.Reference<IUserConnectionsGrain>(participant).Signal(signal);
        }
    }

    public Task<ViewResult> View(Guid readerId) => Task.FromResult(Access(readerId) is { } denied
        ? new ViewResult(denied, null)
        : new ViewResult(ChatOutcome.Ok, S.ViewFor(Id, readerId)));

    public async Task BlockChanged(Guid blockerId, Guid blockedId, bool blocked)
    {
        if (S.Participants.ContainsKey(blockerId) && S.Participants.ContainsKey(blockedId) && S.HasBlocked(blockerId, blockedId) != blocked)
        {
            S.SetBlock(blockerId, blockedId, blocked);
            await WriteAsync();
        }
    }

    private ChatOutcome? Access(Guid userId) =>
        !S.Exists ? ChatOutcome.NotFound : S.Participants.ContainsKey(userId) ? null : ChatOutcome.NotParticipant;

    private string PageKey(int page) => $"{Id:N}/{page}";

    /// <summary>The page is written before the conversation forgets its messages; a crash between seals it again, the same.</summary>
    private async Task SealIfFullAsync()
    {
        if (S.PageToSeal() is { } page)
        {
            await GrainFactory.Reference<IConversationPageGrain>(PageKey(ConversationState.PageOf(page[0].Sequence))).Seal(page);
            S.Sealed(page);
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage now; the next call reads what was stored.
            DeactivateOnIdle();
            throw;
        }
    }
}
