using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Grains.Communication.Messages;

/// <summary>
/// What a conversation's activation keeps of its messages, loaded from the <see cref="IChatMessageStore"/> when it
/// activates: the newest <see cref="Capacity"/> (for retries, the conversation list's last message and the first page of
/// history) and each participant's newest own message (a sender has read what they wrote).
/// </summary>
public sealed class ConversationTail
{
    /// <summary>
    /// A retry is found here: a client resends after a lost acknowledgement, far fewer messages later than this. An
    /// older duplicate is still refused by the store.
    /// </summary>
    public const int Capacity = 50;

    private readonly Queue<ChatMessage> _recent;
    private readonly Dictionary<Guid, long> _lastSent;
    private ChatMessage? _last;

    public ConversationTail(IReadOnlyList<ChatMessage> newest, IReadOnlyDictionary<Guid, long> lastSent)
    {
        _recent = new Queue<ChatMessage>(newest.TakeLast(Capacity));
        _lastSent = new Dictionary<Guid, long>(lastSent);
        _last = newest.Count > 0 ? newest[^1] : null;
        LastSequence = _last?.Sequence ?? 0;
    }

    public long LastSequence { get; private set; }

    public ChatMessage? LastMessage => _last;

    /// <summary>The message a send would store next; it counts once <see cref="Stored"/>.</summary>
    public ChatMessage Next(Guid conversationId, Guid senderId, string clientMessageId, string text, DateTimeOffset at) =>
        new(conversationId, LastSequence + 1, senderId, clientMessageId, text, at);

    public void Stored(ChatMessage message)
    {
        LastSequence = message.Sequence;
        _last = message;
        _recent.Enqueue(message);
        if (_recent.Count > Capacity)
        {
            _recent.Dequeue();
        }

        _lastSent[message.SenderId] = message.Sequence;
    }

    public ChatMessage? FindSent(Guid senderId, string clientMessageId) =>
        _recent.LastOrDefault(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId);

    /// <summary>What a participant has read: their own mark, or their newest message if that is later.</summary>
    public long ReadUpTo(Guid participant, long mark) => Math.Max(mark, _lastSent.GetValueOrDefault(participant));

    /// <summary>The messages from <paramref name="from"/> to <paramref name="to"/>, if all of them are still here.</summary>
    public IReadOnlyList<ChatMessage>? Range(long from, long to)
    {
        if (from > to)
        {
            return [];
        }

        return _recent.Count > 0 && _recent.Peek().Sequence <= from && to <= LastSequence
            ? [.. _recent.Where(m => m.Sequence >= from && m.Sequence <= to)]
            : null;
    }
}
