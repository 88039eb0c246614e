using Npgsql;
using OneDay.Grains.Communication.Messages;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Silo.Postgres;

/// <summary>Cluster mode's message store: the append-only table of migration 0016 in the communication database.</summary>
public sealed class PostgresChatMessageStore(NpgsqlDataSource dataSource) : IChatMessageStore, IAsyncDisposable
{
    private const string Columns = "conversation_id, sequence, sender_id, client_message_id, text, sent_at";

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public Task<bool> TryAppendAsync(ChatMessage message, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        // ON CONFLICT without a target covers both the sequence and the client message id.
        await using var command = dataSource.CreateCommand($"INSERT INTO oneday_chat_messages ({Columns}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(message.ConversationId);
        command.Parameters.AddWithValue(message.Sequence);
        command.Parameters.AddWithValue(message.SenderId);
        command.Parameters.AddWithValue(message.ClientMessageId);
        command.Parameters.AddWithValue(message.Text);
        command.Parameters.AddWithValue(message.SentAt.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    });

    public Task<IReadOnlyList<ChatMessage>> ReadAsync(Guid conversationId, long before, int limit, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM oneday_chat_messages WHERE conversation_id = $1 AND sequence < $2 ORDER BY sequence DESC LIMIT $3");
        command.Parameters.AddWithValue(conversationId);
        command.Parameters.AddWithValue(before);
        command.Parameters.AddWithValue(limit);
        var newestFirst = await ReadAllAsync(command, cancellationToken);
        newestFirst.Reverse();
        return (IReadOnlyList<ChatMessage>)newestFirst;
    });

    public Task<ChatMessage?> FindAsync(Guid conversationId, Guid senderId, string clientMessageId, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM oneday_chat_messages WHERE conversation_id = $1 AND sender_id = $2 AND client_message_id = $3");
        command.Parameters.AddWithValue(conversationId);
        command.Parameters.AddWithValue(senderId);
        command.Parameters.AddWithValue(clientMessageId);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    });

    public Task<IReadOnlyDictionary<Guid, long>> LastSentAsync(
        Guid conversationId, IReadOnlyCollection<Guid> senders, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        // One index probe per sender (ix_oneday_chat_messages_sender), however long the conversation.
        await using var command = dataSource.CreateCommand("""
            SELECT s.sender_id, m.sequence FROM unnest($2::uuid[]) AS s(sender_id)
            CROSS JOIN LATERAL (SELECT max(sequence) AS sequence FROM oneday_chat_messages
                                 WHERE conversation_id = $1 AND sender_id = s.sender_id) m
            WHERE m.sequence IS NOT NULL
            """);
        command.Parameters.AddWithValue(conversationId);
        command.Parameters.AddWithValue(senders.Distinct().ToArray());
        var lastSent = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lastSent[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return (IReadOnlyDictionary<Guid, long>)lastSent;
    });

    private static async Task<List<ChatMessage>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var read = new List<ChatMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read.Add(new ChatMessage(
                reader.GetGuid(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return read;
    }

    private static async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable("chat messages", exception);
        }
    }
}
