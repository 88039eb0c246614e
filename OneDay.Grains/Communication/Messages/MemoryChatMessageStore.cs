using System.Collections.Concurrent;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Grains.Communication.Messages;

/// <summary>The embedded default's message store: lost with the process, like the rest of its in-memory state.</summary>
public sealed class MemoryChatMessageStore : IChatMessageStore
{
    private readonly ConcurrentDictionary<Guid, Log> _conversations = new();

    public Task<bool> TryAppendAsync(ChatMessage message, CancellationToken cancellationToken = default)
    {
        var log = _conversations.GetOrAdd(message.ConversationId, _ => new Log());
        lock (log)
        {
            // A conversation's messages arrive in sequence order from its one activation, so the list stays sorted.
            if ((log.Messages.Count > 0 && log.Messages[^1].Sequence >= message.Sequence) || !log.Sent.TryAdd((message.SenderId, message.ClientMessageId), message))
            {
                return Task.FromResult(false);
            }

            log.Messages.Add(message);
            log.LastSent[message.SenderId] = message.Sequence;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<ChatMessage>> ReadAsync(Guid conversationId, long before, int limit, CancellationToken cancellationToken = default)
    {
        if (!_conversations.TryGetValue(conversationId, out var log))
        {
            return Task.FromResult<IReadOnlyList<ChatMessage>>([]);
        }

        lock (log)
        {
            var end = log.CountBelow(before);
            var start = Math.Max(0, end - limit);
            return Task.FromResult<IReadOnlyList<ChatMessage>>(log.Messages.GetRange(start, end - start));
        }
    }

    public Task<ChatMessage?> FindAsync(Guid conversationId, Guid senderId, string clientMessageId, CancellationToken cancellationToken = default)
    {
        if (!_conversations.TryGetValue(conversationId, out var log))
        {
            return Task.FromResult<ChatMessage?>(null);
        }

        lock (log)
        {
            return Task.FromResult(log.Sent.GetValueOrDefault((senderId, clientMessageId)));
        }
    }

    public Task<IReadOnlyDictionary<Guid, long>> LastSentAsync(Guid conversationId, IReadOnlyCollection<Guid> senders, CancellationToken cancellationToken = default)
    {
        if (!_conversations.TryGetValue(conversationId, out var log))
        {
            return Task.FromResult<IReadOnlyDictionary<Guid, long>>(new Dictionary<Guid, long>());
        }

        lock (log)
        {
            return Task.FromResult<IReadOnlyDictionary<Guid, long>>(
                senders.Where(log.LastSent.ContainsKey).Distinct().ToDictionary(s => s, s => log.LastSent[s]));
        }
    }

    private sealed class Log
    {
        public List<ChatMessage> Messages { get; } = [];

        public Dictionary<(Guid Sender, string ClientMessageId), ChatMessage> Sent { get; } = [];

        public Dictionary<Guid, long> LastSent { get; } = [];

        /// <summary>How many messages have a sequence below <paramref name="sequence"/> (a binary search: the list is in sequence order).</summary>
        public int CountBelow(long sequence)
        {
            int low = 0, high = Messages.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (Messages[middle].Sequence < sequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
