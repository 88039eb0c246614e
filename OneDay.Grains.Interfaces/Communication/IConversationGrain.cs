namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// One conversation (key = its id, <see cref="Conversations.ForApplication"/> or <see cref="Conversations.ForJob"/>):
/// its participants, what each has read, and its messages. Every message is stored before Send returns, then pushed
/// to every connected device of every participant.
/// </summary>
[Alias("oneday.communication.IConversationGrain")]
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Opens the conversation if new and adds the participants it lacks; idempotent. The first participant of a new
    /// conversation is the job's employer.
    /// </summary>
    [Alias("open")]
    Task Open(ConversationKind kind, Guid jobId, IReadOnlyList<Guid> participants);

    /// <summary>Takes a participant out (a worker no longer on the job); they no longer read or send here.</summary>
    [Alias("leave")]
    Task Leave(Guid userId);

    /// <summary>A retry with the same sender and client message id answers the message stored the first time.</summary>
    [Alias("send")]
    Task<SendResult> Send(Guid senderId, string clientMessageId, string text);

    [Alias("history")]
    Task<HistoryResult> History(Guid readerId, long? before, int limit);

    /// <summary>Marks the reader's messages read up to <paramref name="upTo"/> (never back).</summary>
    [Alias("mark-read")]
    Task<ChatOutcome> MarkRead(Guid readerId, long upTo);

    /// <summary>Tells the other participants the user is typing; nothing is stored.</summary>
    [Alias("typing")]
    Task<ChatOutcome> Typing(Guid userId);

    [Alias("view")]
    Task<ViewResult> View(Guid readerId);

    /// <summary>A participant blocked or unblocked another; ignored unless both are participants.</summary>
    [Alias("block-changed")]
    Task BlockChanged(Guid blockerId, Guid blockedId, bool blocked);
}

[GenerateSerializer, Immutable, Alias("oneday.communication.view-result")]
public sealed record ViewResult([property: Id(0)] ChatOutcome Outcome, [property: Id(1)] ConversationView? View);

[GenerateSerializer, Immutable, Alias("oneday.communication.history-result")]
public sealed record HistoryResult([property: Id(0)] ChatOutcome Outcome, [property: Id(1)] MessagePage? Page);

/// <summary>The conversations a user takes part in (key = user id), newest first.</summary>
[Alias("oneday.communication.IUserConversationsGrain")]
public interface IUserConversationsGrain : IGrainWithGuidKey
{
    [Alias("add")]
    Task Add(Guid conversationId);

    [Alias("remove")]
    Task Remove(Guid conversationId);

    [Alias("list")]
    Task<IReadOnlyList<Guid>> List();
}

/// <summary>
/// Whom a user (key = user id) has blocked. A block cuts a two-person conversation both ways, and in a crew
/// conversation hides the blocked user's messages from the blocker.
/// </summary>
[Alias("oneday.communication.IUserBlocksGrain")]
public interface IUserBlocksGrain : IGrainWithGuidKey
{
    /// <summary>Blocks or unblocks, and tells every conversation the user is in.</summary>
    [Alias("set-blocked")]
    Task SetBlocked(Guid otherUserId, bool blocked);

    [Alias("blocked")]
    Task<IReadOnlyList<Guid>> Blocked();

    /// <summary>The other side of <see cref="SetBlocked"/>, kept so a conversation learns a joiner's blocks in one call.</summary>
    [Alias("set-blocked-by")]
    Task SetBlockedBy(Guid blockerId, bool blocked);

    /// <summary>Answers even while a change is under way, since a change tells matching, which reads the blocks back.</summary>
    [Alias("blocks"), Orleans.Concurrency.AlwaysInterleave]
    Task<BlockLists> Blocks();
}

[GenerateSerializer, Immutable, Alias("oneday.communication.block-lists")]
public sealed record BlockLists([property: Id(0)] IReadOnlyList<Guid> Blocked, [property: Id(1)] IReadOnlyList<Guid> BlockedBy)
{
    /// <summary>Everyone on either side of a block with this user, once each.</summary>
    public IEnumerable<Guid> Either => Blocked.Union(BlockedBy);
}
