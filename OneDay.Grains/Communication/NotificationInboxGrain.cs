using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

/// <summary>
/// A user's notifications, stored before any call that changed them returns, pushed live to their connected
/// clients, and handed to their email outbox for the kinds they want by email.
/// </summary>
[DomainPlacement(Domains.Communication), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class NotificationInboxGrain(
    [PersistentState("notification-inbox", Domains.Communication)] IPersistentState<NotificationInboxState> state,
    CommunicationMetrics metrics,
    TimeProvider time) : Grain, INotificationInboxGrain
{
    private NotificationInboxState Inbox => state.State;

    public async Task<bool> Deliver(NewNotification notification)
    {
        if (Inbox.IsDelivered(notification.Id))
        {
            return false;
        }

        if (Inbox.WantsEmail(notification.Kind))
        {
            // Queued before the inbox is written: if that write fails the event comes again, and the outbox knows
            // the id; the other way round an email could be lost.
            await GrainFactory.Reference<IEmailOutboxGrain>(this.GetPrimaryKey()).Enqueue(OutgoingEmail.From(notification));
        }

        if (!Inbox.TryAdd(notification))
        {
            return false;
        }

        await WriteAsync();
        metrics.NotificationStored(notification.Kind);
        // Stored first: a client that misses the push finds the notification by listing.
        await GrainFactory.Reference<IUserConnectionsGrain>(this.GetPrimaryKey()).Notify(Inbox.Items[^1]);
        return true;
    }

    public async Task<CappedDelivery> DeliverCapped(NewNotification notification, int dailyCap)
    {
        if (Inbox.IsDelivered(notification.Id))
        {
            return CappedDelivery.Repeat;
        }

        if (!Inbox.WantsInApp(notification.Kind))
        {
            // Counted in the app only, so a kind the app does not show is not sent by email either: the cap must hold.
            return CappedDelivery.TurnedOff;
        }

        if (Inbox.CountOnDay(notification.Kind, notification.OccurredAt) >= dailyCap)
        {
            return CappedDelivery.CapReached;
        }

        return await Deliver(notification) ? CappedDelivery.Delivered : CappedDelivery.Repeat;
    }

    public Task<NotificationPage> List(long? before, int limit, bool unreadOnly) =>
        Task.FromResult(Inbox.Page(before, limit, unreadOnly));

    public Task<int> UnreadCount() => Task.FromResult(Inbox.UnreadCount);

    public async Task<bool> MarkRead(Guid notificationId)
    {
        var changed = Inbox.MarkRead(notificationId, time.GetUtcNow());
        if (changed == true)
        {
            await WriteAsync();
        }

        return changed is not null;
    }

    public async Task<int> MarkAllRead()
    {
        var marked = Inbox.MarkAllRead(time.GetUtcNow());
        if (marked > 0)
        {
            await WriteAsync();
        }

        return marked;
    }

    public Task<NotificationPreferences> Preferences() => Task.FromResult(Inbox.Preferences);

    public async Task<NotificationPreferences> SetPreferences(IReadOnlyDictionary<string, bool> inApp, IReadOnlyDictionary<string, bool> email)
    {
        Inbox.SetPreferences(inApp, email);
        await WriteAsync();
        return Inbox.Preferences;
    }

    public async Task Clear()
    {
        await state.ClearStateAsync();
        state.State = new NotificationInboxState();
    }

    /// <summary>
    /// After a failed write this activation's memory runs ahead of storage; it is dropped, and the next call reads
    /// what was stored.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
