using Orleans.Concurrency;

namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// Where one user (key = user id) is connected right now: each live client connection and the gateway holding it.
/// Kept in memory only: gateways renew their connections every <see cref="UserConnections.RenewEvery"/>, so an
/// activation lost with a silo is rebuilt within that time, and a gateway that died stops being pushed to once its
/// lease runs out.
/// </summary>
[Alias("oneday.communication.IUserConnectionsGrain")]
public interface IUserConnectionsGrain : IGrainWithGuidKey
{
    /// <summary>Registers or renews a connection; false when the user already has the most connections allowed.</summary>
    [Alias("connect")]
    Task<bool> Connect(string connectionId, IUserPushObserver gateway);

    [Alias("disconnect")]
    Task Disconnect(string connectionId);

    /// <summary>Pushes to every gateway the user is connected through; nobody connected is nothing to do.</summary>
    [OneWay, Alias("notify")]
    Task Notify(InboxNotification notification);

    [OneWay, Alias("message")]
    Task Message(ChatMessage message);

    [OneWay, Alias("signal")]
    Task Signal(ConversationSignal signal);

    [Alias("presence")]
    Task<PresenceView> Presence();

    [Alias("connection-count")]
    Task<int> ConnectionCount();
}

public static class UserConnections
{
    /// <summary>Devices a person uses at once, with room to spare; more is a misbehaving client.</summary>
    public const int MaxPerUser = 10;

    public static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(1);

    /// <summary>Three missed renewals: a gateway that stopped renewing is gone.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);
}
