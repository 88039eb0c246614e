using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Grains.Communication;

/// <summary>
/// A conversation and its rules, apart from the grain so they are tested without a silo. Messages older than the
/// newest <see cref="Conversations.PageSize"/> leave this state in sealed pages, a full page at a time, so a
/// conversation's writes stay small however long it runs.
/// </summary>
[GenerateSerializer, Alias("oneday.communication.conversation-state")]
public sealed class ConversationState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ConversationKind Kind { get; set; }
    [Id(2)] public Guid JobId { get; set; }

    /// <summary>Each participant and the sequence they have read up to.</summary>
    [Id(3)] public Dictionary<Guid, long> Participants { get; set; } = [];

    [Id(4)] public long LastSequence { get; set; }

    /// <summary>Messages after <see cref="SealedThrough"/>, oldest first.</summary>
    [Id(5)] public List<ChatMessage> Recent { get; set; } = [];

    /// <summary>Every message up to this sequence is in a sealed page.</summary>
    [Id(6)] public long SealedThrough { get; set; }

    /// <summary>Blocks between participants: blocker to the participants they blocked.</summary>
    [Id(7)] public Dictionary<Guid, HashSet<Guid>> Blocks { get; set; } = [];

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

    public static int PageOf(long sequence) => (int)((sequence - 1) / Conversations.PageSize);

    /// <summary>
    /// A retry finds its message among the recent ones: at least the newest page is always here, far more than a
    /// client resends after a lost acknowledgement.
    /// </summary>
    public ChatMessage? FindSent(Guid senderId, string clientMessageId) =>
        Recent.FindLast(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId);

    public ChatMessage Append(Guid conversationId, Guid senderId, string clientMessageId, string text, DateTimeOffset at)
    {
        var message = new ChatMessage(conversationId, ++LastSequence, senderId, clientMessageId, text, at);
        Recent.Add(message);
        // A sender has read what they wrote.
        Participants[senderId] = LastSequence;
        return message;
    }

    /// <summary>The oldest full page, once two pages' worth are here, so one page always stays behind.</summary>
    public IReadOnlyList<ChatMessage>? PageToSeal() =>
        Recent.Count >= 2 * Conversations.PageSize ? Recent.GetRange(0, Conversations.PageSize) : null;

    public void Sealed(IReadOnlyList<ChatMessage> page)
    {
        Recent.RemoveRange(0, page.Count);
        SealedThrough = page[^1].Sequence;
    }

    /// <summary>The sealed pages holding any of the newest <paramref name="limit"/> messages before <paramref name="before"/>.</summary>
    public IEnumerable<int> PagesFor(long? before, int limit)
    {
        var upTo = before ?? LastSequence + 1;
        var newest = Math.Min(upTo - 1, SealedThrough);
        var oldest = Math.Max(1, upTo - limit);
        for (var page = PageOf(oldest); newest >= oldest && page <= PageOf(newest); page++)
        {
            yield return page;
        }
    }

    /// <summary>
    /// The newest <paramref name="limit"/> before <paramref name="before"/>, oldest first, from the recent and the given
    /// sealed messages, less those of senders the reader blocked (a page may hold fewer than the limit).
    /// </summary>
    public MessagePage Page(Guid reader, long? before, int limit, IEnumerable<ChatMessage> sealedMessages)
    {
        var upTo = before ?? LastSequence + 1;
        var items = sealedMessages.Concat(Recent)
            .Where(m => m.Sequence < upTo && m.Sequence >= upTo - limit && !HasBlocked(reader, m.SenderId))
            .DistinctBy(m => m.Sequence)
            .OrderBy(m => m.Sequence)
            .ToList();
        var first = upTo - limit;
        return new MessagePage(items, first > 1 ? first : null);
    }

    public ConversationView ViewFor(Guid conversationId, Guid readerId) => new(
        conversationId, Kind, JobId, [.. Participants.Select(p => new ParticipantView(p.Key, p.Value))], LastSequence, Recent.Count > 0 ? Recent[^1] : null, Participants[readerId]);
}
