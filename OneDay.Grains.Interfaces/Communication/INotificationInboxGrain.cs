namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// One user's notifications (key = user id), on the communication silos. Producers are the domain-event consumers
/// of communication; the user reads and marks them through /api/communication/notifications.
/// </summary>
[Alias("oneday.communication.IInboxGrain")]
public interface INotificationInboxGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Stores the notification unless it is already here or its kind is turned off in the inbox, and queues its
    /// email when the user wants that kind by email; true when stored in the inbox.
    /// </summary>
    [Alias("deliver")]
    Task<bool> Deliver(NewNotification notification);

    /// <summary>
    /// Like <see cref="Deliver"/> for kinds a user may only get a few of a day (new jobs nearby): stored only when they
    /// want it in the app and fewer than <paramref name="dailyCap"/> of its kind are in the inbox from the same day in
    /// Korea Standard Time as <see cref="NewNotification.OccurredAt"/>; then emailed too, if they want it by email.
    /// </summary>
    [Alias("deliver-capped")]
    Task<CappedDelivery> DeliverCapped(NewNotification notification, int dailyCap);

    /// <summary><paramref name="before"/>: the NextBefore of the previous page, or null for the newest.</summary>
    [Alias("list")]
    Task<NotificationPage> List(long? before, int limit, bool unreadOnly);

    [Alias("unread-count")]
    Task<int> UnreadCount();

    /// <summary>False when no notification with that id is in the inbox.</summary>
    [Alias("mark-read")]
    Task<bool> MarkRead(Guid notificationId);

    /// <summary>Marks every unread notification read; returns how many were.</summary>
    [Alias("mark-all-read")]
    Task<int> MarkAllRead();

    [Alias("preferences")]
    Task<NotificationPreferences> Preferences();

    /// <summary>Merges the given kinds, per channel, into the stored preferences (the caller has checked the kinds are known).</summary>
    [Alias("set-channel-preferences")]
    Task<NotificationPreferences> SetPreferences(IReadOnlyDictionary<string, bool> inApp, IReadOnlyDictionary<string, bool> email);

    /// <summary>Forgets everything, on the user's erasure.</summary>
    [Alias("clear")]
    Task Clear();
}
