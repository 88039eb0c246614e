using System.Security.Cryptography;
using System.Text;

namespace OneDay.Grains.Interfaces.Communication;

/// <summary>The two kinds of conversation: one per application, and one per job for its crew.</summary>
[GenerateSerializer, Alias("oneday.communication.conversation-kind")]
public enum ConversationKind
{
    /// <summary>The employer and one applicant, opened when the worker applies.</summary>
    Application = 0,

    /// <summary>The employer and every accepted worker of a job.</summary>
    Job = 1,
}

public static class Conversations
{
    /// <summary>Longest message, in UTF-16 code units as a client counts them.</summary>
    public const int MaxMessageLength = 2_000;

    public const int MaxClientMessageIdLength = 64;

    public static Guid ForApplication(Guid jobId, Guid workerId) => Derive($"application|{jobId:N}|{workerId:N}");

    public static Guid ForJob(Guid jobId) => Derive($"job|{jobId:N}");

    private static Guid Derive(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes("conversation|" + name)).AsSpan(0, 16));
}

/// <summary>A stored message. <paramref name="Sequence"/> orders a conversation from 1 and is its history's cursor.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.chat-message")]
public sealed record ChatMessage(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] Guid SenderId,
    [property: Id(3)] string ClientMessageId,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset SentAt);

[GenerateSerializer, Immutable, Alias("oneday.communication.conversation-view")]
public sealed record ConversationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ConversationKind Kind,
    [property: Id(2)] Guid JobId,
    [property: Id(3)] IReadOnlyList<ParticipantView> Participants,
    [property: Id(4)] long LastSequence,
    [property: Id(5)] ChatMessage? LastMessage,
    [property: Id(6)] long ReadUpTo);

/// <summary>A participant and the sequence they have read up to: the conversation's read receipts.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.participant-view")]
public sealed record ParticipantView([property: Id(0)] Guid UserId, [property: Id(1)] long ReadUpTo);

/// <summary>Whether a user has a live connection now, and when they last had one.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.presence-view")]
public sealed record PresenceView([property: Id(0)] bool Online, [property: Id(1)] DateTimeOffset? LastSeen);

/// <summary>Oldest first within the page; <paramref name="NextBefore"/> pages on towards older messages, null at the first.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.message-page")]
public sealed record MessagePage(
    [property: Id(0)] IReadOnlyList<ChatMessage> Items,
    [property: Id(1)] long? NextBefore);

[GenerateSerializer, Alias("oneday.communication.chat-outcome")]
public enum ChatOutcome
{
    Ok = 0,
    NotFound = 1,
    NotParticipant = 2,
    Invalid = 3,

    /// <summary>A two-person conversation where one has blocked the other.</summary>
    Blocked = 4,
}

[GenerateSerializer, Immutable, Alias("oneday.communication.send-result")]
public sealed record SendResult(
    [property: Id(0)] ChatOutcome Outcome,
    [property: Id(1)] ChatMessage? Message,
    [property: Id(2)] IReadOnlyList<FieldError> Errors)
{
    public static SendResult Fail(ChatOutcome outcome) => new(outcome, null, []);
}

/// <summary>
/// Something a participant did that the others see live and nobody stores: typing, or reading up to a message
/// (the read mark itself is stored; the signal only tells the others at once).
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.conversation-signal")]
public sealed record ConversationSignal(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] ConversationSignalKind Kind,
    [property: Id(3)] long ReadUpTo);

[GenerateSerializer, Alias("oneday.communication.conversation-signal-kind")]
public enum ConversationSignalKind
{
    Typing = 0,
    Read = 1,
}
