using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Grains.Communication.Messages;

/// <summary>
/// Every chat message, append-only, one row per message: PostgreSQL in cluster mode, the process's memory in the
/// embedded default. A conversation grain appends each message here before it answers the send, and keeps only its
/// conversation's newest messages in memory (<see cref="ConversationTail"/>), so a send costs one small append however
/// long the conversation has run.
/// </summary>
public interface IChatMessageStore
{
    /// <summary>
    /// Stores the message, unless its conversation already holds its sequence, or a message of the same sender with the
    /// same client message id: both mean another activation or an earlier try got there first.
    /// </summary>
    /// <returns>Whether this message was stored.</returns>
    Task<bool> TryAppendAsync(ChatMessage message, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> messages with a sequence below <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadAsync(Guid conversationId, long before, int limit, CancellationToken cancellationToken = default);

    /// <summary>The message a sender sent with this client message id, if stored.</summary>
    Task<ChatMessage?> FindAsync(Guid conversationId, Guid senderId, string clientMessageId, CancellationToken cancellationToken = default);

    /// <summary>The sequence of each sender's newest message (senders with none are left out).</summary>
    Task<IReadOnlyDictionary<Guid, long>> LastSentAsync(Guid conversationId, IReadOnlyCollection<Guid> senders, CancellationToken cancellationToken = default);
}
