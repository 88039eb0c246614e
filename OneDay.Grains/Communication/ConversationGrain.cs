using Microsoft.Extensions.Logging;
using OneDay.Grains.Communication.Messages;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

/// <summary>
/// A conversation: each message appended to the message store before a send returns, then pushed to every
/// participant's connected devices.
/// </summary>
[DomainPlacement(Domains.Communication), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed partial class ConversationGrain(
    [PersistentState("conversation", Domains.Communication)] IPersistentState<ConversationState> state,
    IChatMessageStore messages,
    CommunicationMetrics metrics,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    /// <summary>A client says it is typing every few seconds; more often is passed on at most this often.</summary>
    private static readonly TimeSpan TypingEvery = TimeSpan.FromSeconds(2);

    private readonly Dictionary<Guid, DateTimeOffset> _lastTyping = [];
    private ConversationTail _tail = new([], new Dictionary<Guid, long>());
    private OutboxSender? _events;

    private OutboxSender Events => _events ??= this.BackgroundPublisher(() => S.Outbox);

    private ConversationState S => state.State;

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists)
        {
            await LoadTailAsync(cancellationToken);
            _ = Events.SendAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _events?.DrainAsync(cancellationToken) ?? Task.CompletedTask;

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
            S.EmployerId = kind == ConversationKind.Application && participants.Count > 0 ? participants[0] : Guid.Empty;
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

        if (_tail.FindSent(senderId, clientMessageId) is { } sent)
        {
            return new SendResult(ChatOutcome.Ok, sent, []);
        }

        if (S.IsCut(senderId))
        {
            return SendResult.Fail(ChatOutcome.Blocked);
        }

        var message = _tail.Next(Id, senderId, clientMessageId, text, time.GetUtcNow());
        if (!await messages.TryAppendAsync(message))
        {
            // A retry older than the tail, or another activation of this conversation (a silo was lost) stored the
            // sequence: answer the first, or start again from what the store holds.
            if (await messages.FindAsync(Id, senderId, clientMessageId) is { } first)
            {
                return new SendResult(ChatOutcome.Ok, first, []);
            }

            await LoadTailAsync(CancellationToken.None);
            message = _tail.Next(Id, senderId, clientMessageId, text, time.GetUtcNow());
            if (!await messages.TryAppendAsync(message))
            {
                // Answered 503 with Retry-After: the duplicate activation goes away within moments.
                DeactivateOnIdle();
                throw new StoreUnavailableException("chat messages", $"conversation {Id} is being written by another activation");
            }
        }

        _tail.Stored(message);
        metrics.MessageStored();
        await NoteFirstReplyAsync(message);
        // Awaited, so each participant's devices get a conversation's messages in order.
        await Task.WhenAll(S.Participants.Keys.Where(p => !S.HasBlocked(p, senderId))
            .Select(p => GrainFactory.Reference<IUserConnectionsGrain>(p).Message(message)));
        return new SendResult(ChatOutcome.Ok, message, []);
    }

    public async Task<HistoryResult> History(Guid readerId, long? before, int limit)
    {
        if (Access(readerId) is { } denied)
        {
            return new HistoryResult(denied, null);
        }

        var upTo = Math.Min(before ?? long.MaxValue, _tail.LastSequence + 1);
        var page = _tail.Range(Math.Max(1, upTo - limit), upTo - 1) ?? await messages.ReadAsync(Id, upTo, limit);
        return new HistoryResult(ChatOutcome.Ok, S.Page(readerId, upTo, limit, page));
    }

    public async Task<ChatOutcome> MarkRead(Guid readerId, long upTo)
    {
        if (Access(readerId) is { } denied)
        {
            return denied;
        }

        var read = Math.Min(upTo, _tail.LastSequence);
        if (read > _tail.ReadUpTo(readerId, S.Participants[readerId]))
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
            await SignalOthersAsync(new ConversationSignal(Id, userId, ConversationSignalKind.Typing, _tail.ReadUpTo(userId, S.Participants[userId])));
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
        : new ViewResult(ChatOutcome.Ok, S.ViewFor(Id, readerId, _tail)));

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

    private async Task LoadTailAsync(CancellationToken cancellationToken)
    {
        var newest = await messages.ReadAsync(Id, long.MaxValue, ConversationTail.Capacity, cancellationToken);
        var lastSent = await messages.LastSentAsync(Id, S.Participants.Keys, cancellationToken);
        _tail = new ConversationTail(newest, lastSent);
    }

    /// <summary>
    /// Keeps what the employer's first-reply time needs: when the applicant first wrote, and then the employer's first
    /// message, told as <see cref="EmployerReplied"/>. At most two state writes per conversation; one that fails costs
    /// the conversation its figure, never the message, which is stored already.
    /// </summary>
    private async Task NoteFirstReplyAsync(ChatMessage message)
    {
        if (S.Kind != ConversationKind.Application || S.EmployerId == Guid.Empty || S.Replied)
        {
            return;
        }

        var fromEmployer = message.SenderId == S.EmployerId;
        if (!fromEmployer && S.AwaitingReplySince is null)
        {
            S.AwaitingReplySince = message.SentAt;
        }
        else if (fromEmployer && S.AwaitingReplySince is { } asked)
        {
            S.Replied = true;
            var worker = S.Participants.Keys.FirstOrDefault(p => p != S.EmployerId);
            S.Outbox.Add(DomainEvent.Create(
                new EmployerReplied(Id, S.JobId, S.EmployerId, worker, asked, message.SentAt), Id.ToString(), message.SentAt, CorrelationContext.Current));
        }
        else
        {
            return;
        }

        try
        {
            await state.WriteStateAsync();
            _ = Events.SendAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Memory is ahead of storage now; the next activation reads what was stored.
            DeactivateOnIdle();
            LogFirstReplyNotStored(logger, ex, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: its first-reply figure could not be stored")]
    private static partial void LogFirstReplyNotStored(ILogger logger, Exception exception, Guid conversationId);

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
