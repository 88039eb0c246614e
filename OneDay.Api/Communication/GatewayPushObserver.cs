using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Api.Communication;

/// <summary>
/// This gateway as one grain observer: it registers each hub connection with the user's connections grain, renews
/// them before their lease runs out (which also rebuilds a connections grain lost with a silo), and hands what the
/// grains push to the user's sockets here.
/// </summary>
public sealed partial class GatewayPushObserver(
    IGrainFactory grains,
    IHubContext<ChatHub> hub,
    TimeProvider time,
    ILogger<GatewayPushObserver> logger) : BackgroundService, IUserPushObserver
{
    private readonly ConcurrentDictionary<string, Guid> _connections = new(StringComparer.Ordinal);
    private IUserPushObserver? _reference;

    private IUserPushObserver Reference => _reference ??= grains.CreateObjectReference<IUserPushObserver>(this);

    public Task<bool> ConnectAsync(Guid userId, string connectionId)
    {
        _connections[connectionId] = userId;
        return RegisterAsync(userId, connectionId);
    }

    public async Task DisconnectAsync(Guid userId, string connectionId)
    {
        if (_connections.TryRemove(connectionId, out _))
        {
            await grains.Reference<IUserConnectionsGrain>(userId).Disconnect(connectionId);
        }
    }

    public Task Notify(Guid userId, InboxNotification notification) =>
        hub.Clients.User(userId.ToString()).SendAsync(ChatHub.NotificationMethod, NotificationResponse.From(notification));

    public Task Message(Guid userId, ChatMessage message) =>
        hub.Clients.User(userId.ToString()).SendAsync(ChatHub.MessageMethod, MessageResponse.From(message));

    public Task Signal(Guid userId, ConversationSignal signal) => hub.Clients.User(userId.ToString()).SendAsync(
        signal.Kind == ConversationSignalKind.Typing ? ChatHub.TypingMethod : ChatHub.ReadMethod, ConversationSignalResponse.From(signal));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(UserConnections.RenewEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (connectionId, userId) in _connections)
            {
                try
                {
                    await RegisterAsync(userId, connectionId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next round tries again, well inside the lease.
                    LogRenewFailed(logger, ex, userId);
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_reference is not null)
        {
            grains.DeleteObjectReference<IUserPushObserver>(_reference);
        }
    }

    private async Task<bool> RegisterAsync(Guid userId, string connectionId)
    {
        var accepted = await grains.Reference<IUserConnectionsGrain>(userId).Connect(connectionId, Reference);
        if (!accepted)
        {
            _connections.TryRemove(connectionId, out _);
        }

        return accepted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew a live connection of user {UserId}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, Guid userId);
}
