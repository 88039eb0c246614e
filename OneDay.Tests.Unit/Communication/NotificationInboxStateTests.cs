using OneDay.Grains.Communication;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Tests.Unit.Communication;

/// <summary>The inbox's rules: stored once, newest first by cursor, bounded, read marks and the kinds turned off.</summary>
public sealed class NotificationInboxStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static NewNotification Note(string kind = NotificationKinds.ApplicationReceived) => new(Guid.NewGuid(), kind, At, Guid.NewGuid());

    [Fact]
    public void A_notification_delivered_twice_is_stored_once()
    {
        var inbox = new NotificationInboxState();
        var note = Note();

        Assert.True(inbox.TryAdd(note));
        Assert.False(inbox.TryAdd(note));

        Assert.Single(inbox.Items);
        Assert.Equal(1, inbox.UnreadCount);
    }

    [Fact]
    public void Pages_walk_newest_first_without_gaps_or_repeats()
    {
        var inbox = new NotificationInboxState();
        var sent = Enumerable.Range(0, 7).Select(_ => Note()).ToList();
        sent.ForEach(n => inbox.TryAdd(n));

        var seen = new List<Guid>();
        long? before = null;
        do
        {
            var page = inbox.Page(before, 3, unreadOnly: false);
            seen.AddRange(page.Items.Select(i => i.Content.Id));
            before = page.NextBefore;
        }
        while (before is not null);

        Assert.Equal(sent.Select(n => n.Id).Reverse(), seen);
    }

    [Fact]
    public void Only_the_newest_are_kept_and_an_evicted_one_is_not_stored_again()
    {
        var inbox = new NotificationInboxState();
        var first = Note();
        inbox.TryAdd(first);
        for (var i = 0; i < NotificationInbox.Capacity; i++)
        {
            inbox.TryAdd(Note());
        }

        Assert.Equal(NotificationInbox.Capacity, inbox.Items.Count);
        Assert.DoesNotContain(inbox.Items, n => n.Content.Id == first.Id);
        Assert.False(inbox.TryAdd(first));
    }

    [Fact]
    public void Marking_read_counts_down_and_unread_only_pages_skip_read_ones()
    {
        var inbox = new NotificationInboxState();
        var (a, b, c) = (Note(), Note(), Note());
        inbox.TryAdd(a);
        inbox.TryAdd(b);
        inbox.TryAdd(c);

        Assert.True(inbox.MarkRead(b.Id, At));
        Assert.False(inbox.MarkRead(b.Id, At));
        Assert.Null(inbox.MarkRead(Guid.NewGuid(), At));

        var unread = inbox.Page(null, 10, unreadOnly: true);
        Assert.Equal([c.Id, a.Id], unread.Items.Select(i => i.Content.Id));
        Assert.Equal(2, unread.UnreadCount);
        Assert.Equal(2, inbox.MarkAllRead(At));
        Assert.Equal(0, inbox.UnreadCount);
        Assert.Equal(0, inbox.MarkAllRead(At));
    }

    [Fact]
    public void A_kind_turned_off_is_not_stored_and_other_kinds_still_are()
    {
        var inbox = new NotificationInboxState();
        inbox.SetPreferences(new Dictionary<string, bool> { [NotificationKinds.ShiftPaid] = false }, new Dictionary<string, bool>());

        Assert.False(inbox.TryAdd(Note(NotificationKinds.ShiftPaid)));
        Assert.True(inbox.TryAdd(Note(NotificationKinds.Welcome)));
        Assert.False(inbox.Preferences.WantsInApp(NotificationKinds.ShiftPaid));
        Assert.True(inbox.Preferences.WantsInApp(NotificationKinds.ApplicationAccepted));
    }

    [Fact]
    public void Email_follows_its_defaults_until_a_kind_is_set_and_is_apart_from_the_inbox()
    {
        var inbox = new NotificationInboxState();
        Assert.True(inbox.WantsEmail(NotificationKinds.ShiftPaid));
        Assert.False(inbox.WantsEmail(NotificationKinds.ApplicationReceived));

        inbox.SetPreferences(
            new Dictionary<string, bool> { [NotificationKinds.ApplicationReceived] = false },
            new Dictionary<string, bool> { [NotificationKinds.ShiftPaid] = false, [NotificationKinds.ApplicationReceived] = true });

        Assert.False(inbox.WantsEmail(NotificationKinds.ShiftPaid));
        Assert.True(inbox.WantsEmail(NotificationKinds.ApplicationReceived));
        Assert.True(inbox.Preferences.WantsEmail(NotificationKinds.ApplicationReceived));
        Assert.False(inbox.Preferences.WantsInApp(NotificationKinds.ApplicationReceived));
        Assert.True(inbox.Preferences.WantsInApp(NotificationKinds.ShiftPaid));
    }
}
