using OneDay.Grains.Communication.Messages;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Tests.Unit.Communication;

/// <summary>The embedded message store and a conversation's tail: what a send and a reactivation rely on.</summary>
public sealed class ChatMessageStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Employer = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();

    private static ChatMessage Message(long sequence, Guid sender, string clientMessageId) => new(Id, sequence, sender, clientMessageId, "hi", At);

    [Fact]
    public async Task A_taken_sequence_or_a_repeated_client_message_id_is_refused_and_nothing_changes()
    {
        var store = new MemoryChatMessageStore();
        Assert.True(await store.TryAppendAsync(Message(1, Worker, "a")));

        Assert.False(await store.TryAppendAsync(Message(1, Employer, "b")));
        Assert.False(await store.TryAppendAsync(Message(2, Worker, "a")));

        Assert.Equal([1L], (await store.ReadAsync(Id, long.MaxValue, 10)).Select(m => m.Sequence));
        Assert.Equal(1, (await store.FindAsync(Id, Worker, "a"))?.Sequence);
        Assert.Null(await store.FindAsync(Id, Employer, "a"));
    }

    [Fact]
    public async Task Reads_take_the_newest_below_the_cursor_oldest_first_and_each_senders_last_is_known()
    {
        var store = new MemoryChatMessageStore();
        for (var i = 1; i <= 10; i++)
        {
            await store.TryAppendAsync(Message(i, i <= 7 ? Worker : Employer, $"m{i}"));
        }

        Assert.Equal([4L, 5, 6], (await store.ReadAsync(Id, 7, 3)).Select(m => m.Sequence));
        Assert.Equal([1L, 2], (await store.ReadAsync(Id, 3, 5)).Select(m => m.Sequence));
        Assert.Empty(await store.ReadAsync(Guid.NewGuid(), long.MaxValue, 5));
        var lastSent = await store.LastSentAsync(Id, [Worker, Employer, Guid.NewGuid()]);
        Assert.Equal(new Dictionary<Guid, long> { [Worker] = 7, [Employer] = 10 }, lastSent);
    }

    [Fact]
    public void The_tail_keeps_the_newest_messages_and_a_sender_has_read_what_they_sent()
    {
        var tail = new ConversationTail([], new Dictionary<Guid, long>());
        for (var i = 1; i <= ConversationTail.Capacity + 10; i++)
        {
            tail.Stored(tail.Next(Id, i % 2 == 0 ? Employer : Worker, $"m{i}", "hi", At));
        }

        Assert.Equal(ConversationTail.Capacity + 10, tail.LastSequence);
        Assert.Equal(tail.LastSequence, tail.LastMessage?.Sequence);
        Assert.NotNull(tail.FindSent(Employer, $"m{ConversationTail.Capacity + 10}"));
        Assert.Null(tail.FindSent(Worker, "m1"));
        Assert.Null(tail.Range(1, 20));
        Assert.Equal([56L, 57, 58], tail.Range(56, 58)!.Select(m => m.Sequence));
        Assert.Equal(tail.LastSequence, tail.ReadUpTo(Employer, 3));
        Assert.Equal(tail.LastSequence - 1, tail.ReadUpTo(Worker, 3));
        Assert.Equal(100, tail.ReadUpTo(Worker, 100));
    }

    [Fact]
    public void A_tail_loaded_from_the_store_goes_on_from_its_newest_message()
    {
        var tail = new ConversationTail([Message(41, Worker, "x"), Message(42, Employer, "y")], new Dictionary<Guid, long> { [Worker] = 41, [Employer] = 42 });

        Assert.Equal(43, tail.Next(Id, Worker, "z", "hi", At).Sequence);
        Assert.Equal("x", tail.FindSent(Worker, "x")?.ClientMessageId);
        Assert.Equal(41, tail.ReadUpTo(Worker, 0));
    }
}
