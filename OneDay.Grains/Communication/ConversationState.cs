using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Communication;

/// <summary>
/// A conversation and its rules, apart from the grain so they are tested without a silo. Its messages are not here but
/// in the message store (<see cref="Messages.IChatMessageStore"/>), so this state is written only when a participant
/// joins, leaves, reads or blocks, and stays small however long the conversation runs.
/// </summary>
[GenerateSerializer, Alias("oneday.communication.conversation-state")]
public sealed class ConversationState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ConversationKind Kind { get; set; }
    [Id(2)] public Guid JobId { get; set; }

    /// <summary>
    /// Each participant and the sequence they marked read (their newest own message counts as read too:
    /// <see cref="Messages.ConversationTail.ReadUpTo"/>).
    /// </summary>
    [Id(3)] public Dictionary<Guid, long> Participants { get; set; } = [];

    // Ids 4 to 6 held the messages themselves before they moved to the message store; not reused.

    /// <summary>Blocks between participants: blocker to the participants they blocked.</summary>
    [Id(7)] public Dictionary<Guid, HashSet<Guid>> Blocks { get; set; } = [];

    /// <summary>The employer of an application conversation (its first participant); empty for one opened before it was kept.</summary>
    [Id(8)] public Guid EmployerId { get; set; }

    /// <summary>When the applicant first wrote; the employer's first message after it is their first reply.</summary>
    [Id(9)] public DateTimeOffset? AwaitingReplySince { get; set; }

    /// <summary>Whether the employer's first answer has been told (<see cref="EmployerReplied"/>); it is told once.</summary>
    [Id(10)] public bool Replied { get; set; }

    /// <summary><see cref="EmployerReplied"/> until the event stream and store took it.</summary>
    [Id(11)] public EventOutbox Outbox { get; set; } = new();

    public bool HasBlocked(Guid blocker, Guid blocked) => Blocks.TryGetValue(blocker, out var set) && set.Contains(blocked);

    /// <summary>In a two-person conversation a block either way stops both from sending.</summary>
    public bool IsCut(Guid sender) =>
        Kind == ConversationKind.Application && Participants.Keys.Any(p => p != sender && (HasBlocked(p, sender) || HasBlocked(sender, p)));

    public void SetBlock(Guid blocker, Guid blocked, bool on)
    {
        if (on)
        {
            if (!Blocks.TryGetValue(blocker, out var set))
            {
                Blocks[blocker] = set = [];
            }

            set.Add(blocked);
        }
        else if (Blocks.TryGetValue(blocker, out var set) && set.Remove(blocked) && set.Count == 0)
        {
            Blocks.Remove(blocker);
        }
    }

    /// <summary>
    /// The page of the <paramref name="limit"/> sequences below <paramref name="upTo"/>, oldest first, from the given
    /// messages, less those of senders the reader blocked (so a page may hold fewer than the limit).
    /// </summary>
    public MessagePage Page(Guid reader, long upTo, int limit, IEnumerable<ChatMessage> messages)
    {
        var items = messages
            .Where(m => m.Sequence < upTo && m.Sequence >= upTo - limit && !HasBlocked(reader, m.SenderId))
            .OrderBy(m => m.Sequence)
            .ToList();
        var first = upTo - limit;
        return new MessagePage(items, first > 1 ? first : null);
    }

    public ConversationView ViewFor(Guid conversationId, Guid readerId, Messages.ConversationTail tail) => new(
        conversationId, Kind, JobId, [.. Participants.Select(p => new ParticipantView(p.Key, tail.ReadUpTo(p.Key, p.Value)))],
        tail.LastSequence, tail.LastMessage, tail.ReadUpTo(readerId, Participants[readerId]));
}
