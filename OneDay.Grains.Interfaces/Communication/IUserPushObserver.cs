using Orleans.Concurrency;

namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// A gateway, as the grains see it: one observer per gateway process, holding that gateway's live client
/// connections. Grains push to the gateways a user is connected to, and each gateway to its own sockets, so a client
/// on gateway A hears what was done through gateway B.
/// </summary>
[Alias("oneday.communication.IUserPushObserver")]
public interface IUserPushObserver : IGrainObserver
{
    /// <summary>One-way: a slow or gone gateway must not hold up the grain that stored the notification.</summary>
    [OneWay, Alias("notify")]
    Task Notify(Guid userId, InboxNotification notification);

    [OneWay, Alias("message")]
    Task Message(Guid userId, ChatMessage message);

    [OneWay, Alias("signal")]
    Task Signal(Guid userId, ConversationSignal signal);
}
