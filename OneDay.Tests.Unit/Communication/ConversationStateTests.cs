using OneDay.Grains.Communication;
using OneDay.Grains.Communication.Messages;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Tests.Unit.Communication;

/// <summary>A conversation's rules: what a message may hold, blocks, and paging back through its history.</summary>
public sealed class ConversationStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Employer = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();

    private static ChatMessage Message(long sequence, Guid sender, string text) => new(Id, sequence, sender, $"c{sequence}", text, At);

    private static ConversationState Pair() => new() { Exists = true, Participants = { [Employer] = 0, [Worker] = 0 } };

    [Theory]
    [InlineData(350, 100)]
    [InlineData(350, 37)]
    [InlineData(5, 2)]
    [InlineData(201, 100)]
    public async Task Paging_back_from_the_newest_reads_every_message_once_in_order(int count, int limit)
    {
        var store = new MemoryChatMessageStore();
        for (var i = 1; i <= count; i++)
        {
            Assert.True(await store.TryAppendAsync(Message(i, i % 2 == 0 ? Employer : Worker, $"message {i}")));
        }

        var state = Pair();
        var read = new List<long>();
        long upTo = count + 1;
        while (true)
        {
            var page = state.Page(Employer, upTo, limit, await store.ReadAsync(Id, upTo, limit));
            Assert.True(page.Items.Count <= limit);
            read.InsertRange(0, page.Items.Select(m => m.Sequence));
            if (page.NextBefore is not { } next)
            {
                break;
            }

            upTo = next;
        }

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), read);
    }

    [Theory]
    [InlineData(null, "hello", "clientMessageId")]
    [InlineData("", "hello", "clientMessageId")]
    [InlineData("a\u0001", "hello", "clientMessageId")]
    [InlineData("c1", "", "text")]
    [InlineData("c1", "   ", "text")]
    [InlineData("c1", "bell\u0007", "text")]
    public void Bad_messages_name_the_field(string? clientMessageId, string text, string field)
    {
        Assert.Contains(ChatRules.Validate(clientMessageId, text), e => e.Field == field);
    }

    [Fact]
    public void Length_limits_are_inclusive_and_markup_is_just_text()
    {
        Assert.Empty(ChatRules.Validate(new string('x', Conversations.MaxClientMessageIdLength), new string('가', Conversations.MaxMessageLength)));
        Assert.Contains(ChatRules.Validate("c", new string('x', Conversations.MaxMessageLength + 1)), e => e.Field == "text");
        Assert.Contains(ChatRules.Validate(new string('x', Conversations.MaxClientMessageIdLength + 1), "hi"), e => e.Field == "clientMessageId");
        Assert.Empty(ChatRules.Validate("c", "<script>alert(1)</script>\nline two\ttab"));
    }

    [Fact]
    public void A_block_cuts_two_people_both_ways_and_in_a_crew_hides_only_the_blocked_senders_messages()
    {
        var pair = Pair();
        pair.SetBlock(Worker, Employer, true);
        Assert.True(pair.IsCut(Employer));
        Assert.True(pair.IsCut(Worker));
        pair.SetBlock(Worker, Employer, false);
        Assert.False(pair.IsCut(Employer));
        Assert.Empty(pair.Blocks);

        var other = Guid.NewGuid();
        var crew = new ConversationState { Exists = true, Kind = ConversationKind.Job, Participants = { [Employer] = 0, [Worker] = 0, [other] = 0 } };
        ChatMessage[] messages = [Message(1, other, "from the other"), Message(2, Worker, "from the worker")];
        crew.SetBlock(Employer, other, true);

        Assert.False(crew.IsCut(other));
        Assert.Equal(["from the worker"], crew.Page(Employer, 3, 10, messages).Items.Select(m => m.Text));
        Assert.Equal(2, crew.Page(Worker, 3, 10, messages).Items.Count);
    }
}
