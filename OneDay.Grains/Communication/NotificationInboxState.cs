using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Grains.Communication;

/// <summary>A user's inbox and the rules over it, apart from the grain so they are tested without a silo.</summary>
[GenerateSerializer, Alias("oneday.communication.inbox-state")]
public sealed class NotificationInboxState
{
    /// <summary>Oldest first; sequences increase.</summary>
    [Id(0)] public List<InboxNotification> Items { get; set; } = [];

    [Id(1)] public long LastSequence { get; set; }

    /// <summary>Ids already delivered, kept longer than the items, so a late redelivery is not stored again.</summary>
    [Id(2)] public ProcessedEventWindow Delivered { get; set; } = new();

    [Id(3)] public Dictionary<string, bool> InApp { get; set; } = new(StringComparer.Ordinal);

    [Id(4)] public Dictionary<string, bool> Email { get; set; } = new(StringComparer.Ordinal);

    public NotificationPreferences Preferences => new(
        new Dictionary<string, bool>(InApp, StringComparer.Ordinal), new Dictionary<string, bool>(Email, StringComparer.Ordinal));

    public bool IsDelivered(Guid notificationId) => Delivered.Contains(notificationId);

    public bool WantsEmail(string kind) => Email.TryGetValue(kind, out var wanted) ? wanted : EmailKinds.OnByDefault.Contains(kind);

    /// <summary>The notifications of the kind in the inbox from the same Korean day as <paramref name="at"/>.</summary>
    public int CountOnDay(string kind, DateTimeOffset at)
    {
        var day = KoreanDay(at);
        return Items.Count(i => i.Content.Kind == kind && KoreanDay(i.Content.OccurredAt) == day);
    }

    private static DateOnly KoreanDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(9)).DateTime);

    public bool WantsInApp(string kind) => InApp.GetValueOrDefault(kind, true);

    /// <summary>False (and nothing changed) for a repeat or a kind the user turned off.</summary>
    public bool TryAdd(NewNotification notification)
    {
        if (Delivered.Contains(notification.Id) || !WantsInApp(notification.Kind))
        {
            return false;
        }

        Delivered.Add(notification.Id);
        Items.Add(new InboxNotification(++LastSequence, notification, ReadAt: null));
        if (Items.Count > NotificationInbox.Capacity)
        {
            Items.RemoveRange(0, Items.Count - NotificationInbox.Capacity);
        }

        return true;
    }

    public int UnreadCount => Items.Count(n => n.ReadAt is null);

    public NotificationPage Page(long? before, int limit, bool unreadOnly)
    {
        var matching = Items.AsEnumerable().Reverse()
            .Where(n => (before is null || n.Sequence < before) && (!unreadOnly || n.ReadAt is null))
            .Take(limit + 1)
            .ToList();
        var more = matching.Count > limit;
        if (more)
        {
            matching.RemoveAt(limit);
        }

        return new NotificationPage(matching, more ? matching[^1].Sequence : null, UnreadCount);
    }

    /// <summary>Null when the id is not in the inbox; otherwise whether it changed (it was unread).</summary>
    public bool? MarkRead(Guid id, DateTimeOffset at)
    {
        var index = Items.FindIndex(n => n.Content.Id == id);
        if (index < 0)
        {
            return null;
        }

        if (Items[index].ReadAt is not null)
        {
            return false;
        }

        Items[index] = Items[index] with { ReadAt = at };
        return true;
    }

    public int MarkAllRead(DateTimeOffset at)
    {
        var marked = 0;
        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i].ReadAt is null)
            {
                Items[i] = Items[i] with { ReadAt = at };
                marked++;
            }
        }

        return marked;
    }

    public void SetPreferences(IReadOnlyDictionary<string, bool> inApp, IReadOnlyDictionary<string, bool> email)
    {
        foreach (var (kind, wanted) in inApp)
        {
            InApp[kind] = wanted;
        }

        foreach (var (kind, wanted) in email)
        {
            Email[kind] = wanted;
        }
    }
}
