using OneDay.Grains.Communication;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Tests.Unit.Communication;

/// <summary>A conversation's rules: sequences, retries, sealing full pages and paging back across them.</summary>
public sealed class ConversationStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Employer = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();

    private static (ConversationState State, Dictionary<int, IReadOnlyList<ChatMessage>> Pages) Filled(int messages)
    {
        var state = new ConversationState { Exists = true, Participants = { [Employer] = 0, [Worker] = 0 } };
        var pages = new Dictionary<int, IReadOnlyList<ChatMessage>>();
        for (var i = 1; i <= messages; i++)
        {
            state.Append(Id, i % 2 == 0 ? Employer : Worker, $"c{i}", $"message {i}", At);
            if (state.PageToSeal() is { } page)
            {
                pages[ConversationState.PageOf(page[0].Sequence)] = page;
                state.Sealed(page);
            }
        }

        return (state, pages);
    }

    private static MessagePage Read(ConversationState state, Dictionary<int, IReadOnlyList<ChatMessage>> pages, long? before, int limit) =>
        state.Page(Employer, before, limit, state.PagesFor(before, limit).SelectMany(p => pages[p]));

    [Fact]
    public void Full_pages_are_sealed_and_the_newest_page_always_stays()
    {
        var (state, pages) = Filled(350);

        Assert.Equal([0, 1], pages.Keys.Order());
        Assert.Equal(200, state.SealedThrough);
        Assert.Equal(150, state.Recent.Count);
        Assert.All(pages, p => Assert.Equal(Enumerable.Range(p.Key * 100 + 1, 100).Select(i => (long)i), p.Value.Select(m => m.Sequence)));
    }

    [Theory]
    [InlineData(350, 100)]
    [InlineData(350, 37)]
    [InlineData(5, 2)]
    [InlineData(201, 100)]
    public void Paging_back_from_the_newest_reads_every_message_once_in_order(int messages, int limit)
    {
        var (state, pages) = Filled(messages);

        var read = new List<long>();
        long? before = null;
        do
        {
            var page = Read(state, pages, before, limit);
            Assert.True(page.Items.Count <= limit);
            read.InsertRange(0, page.Items.Select(m => m.Sequence));
            before = page.NextBefore;
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(1, messages).Select(i => (long)i), read);
    }

    [Fact]
    public void A_retry_finds_the_first_message_and_a_sender_has_read_what_they_sent()
    {
        var (state, _) = Filled(3);
        var first = state.FindSent(Worker, "c3");

        Assert.NotNull(first);
        Assert.Equal(3, first.Sequence);
        Assert.Null(state.FindSent(Employer, "c3"));
        Assert.Equal(3, state.Participants[Worker]);
        Assert.Equal(2, state.Participants[Employer]);
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
        var (pair, _) = Filled(2);
        pair.SetBlock(Worker, Employer, true);
        Assert.True(pair.IsCut(Employer));
        Assert.True(pair.IsCut(Worker));
        pair.SetBlock(Worker, Employer, false);
        Assert.False(pair.IsCut(Employer));
        Assert.Empty(pair.Blocks);

        var other = Guid.NewGuid();
        var crew = new ConversationState { Exists = true, Kind = ConversationKind.Job, Participants = { [Employer] = 0, [Worker] = 0, [other] = 0 } };
        crew.Append(Id, other, "o", "from the other", At);
        crew.Append(Id, Worker, "w", "from the worker", At);
        crew.SetBlock(Employer, other, true);

        Assert.False(crew.IsCut(other));
        Assert.Equal(["from the worker"], crew.Page(Employer, null, 10, []).Items.Select(m => m.Text));
        Assert.Equal(2, crew.Page(Worker, null, 10, []).Items.Count);
    }
}
