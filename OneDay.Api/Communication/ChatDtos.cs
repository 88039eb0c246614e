using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Api.Communication;

/// <param name="Sequence">The message's place in its conversation, from 1; mark read up to it, and page with it.</param>
/// <param name="ClientMessageId">The sender client's own id, so it can match the echo of its send.</param>
/// <param name="Text">Exactly as sent; render it as text, never as HTML.</param>
public sealed record MessageResponse(Guid ConversationId, long Sequence, Guid SenderId, string ClientMessageId, string Text, DateTimeOffset SentAt)
{
    public static MessageResponse From(ChatMessage m) => new(m.ConversationId, m.Sequence, m.SenderId, m.ClientMessageId, m.Text, m.SentAt);
}

/// <summary>Oldest first within the page; pass nextBefore as before for older messages (null at the first message).</summary>
public sealed record MessagesPageResponse(MessageResponse[] Items, long? NextBefore)
{
    public static MessagesPageResponse From(MessagePage page) => new([.. page.Items.Select(MessageResponse.From)], page.NextBefore);
}

/// <param name="Kind">application (the employer and one applicant) or job (the employer and the accepted workers).</param>
/// <param name="UnreadCount">Messages after the last one I read or sent.</param>
public sealed record ConversationResponse(
    Guid Id, string Kind, Guid JobId, Guid[] Participants, MessageResponse? LastMessage, long ReadUpTo, long UnreadCount)
{
    public static ConversationResponse From(ConversationView v) => new(
        v.Id, v.Kind == ConversationKind.Job ? "job" : "application", v.JobId, [.. v.Participants.Select(p => p.UserId)],
        v.LastMessage is { } last ? MessageResponse.From(last) : null, v.ReadUpTo, v.LastSequence - v.ReadUpTo);
}

/// <param name="ClientMessageId">The client's own id for the message (1-64 characters); a retry sends the same, and is stored once.</param>
/// <param name="Text">1 to 2,000 characters.</param>
public sealed record SendMessageRequest(string? ClientMessageId = null, string? Text = null);

public sealed record MarkReadRequest(long? UpTo = null);

/// <summary>A participant is typing (kind typing), or has read up to readUpTo (kind read); never stored.</summary>
public sealed record ConversationSignalResponse(Guid ConversationId, Guid UserId, string Kind, long ReadUpTo)
{
    public static ConversationSignalResponse From(ConversationSignal s) =>
        new(s.ConversationId, s.UserId, s.Kind == ConversationSignalKind.Typing ? "typing" : "read", s.ReadUpTo);
}

/// <param name="ReadUpTo">The last message they read (their read receipt).</param>
/// <param name="Online">They have a live connection to the hub now.</param>
/// <param name="LastSeen">When their last connection closed; null while online, or if they never connected.</param>
public sealed record ParticipantResponse(Guid UserId, long ReadUpTo, bool Online, DateTimeOffset? LastSeen);

public sealed record BlockedUsersResponse(Guid[] UserIds);
