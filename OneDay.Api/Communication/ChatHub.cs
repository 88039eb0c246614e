using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OneDay.Api.Security;

namespace OneDay.Api.Communication;

/// <summary>
/// The real-time endpoint at <see cref="Path"/>: a signed-in client connects with its access token (the
/// access_token query for WebSockets, as SignalR clients send it) and receives, as "notification", each notification
/// stored in its inbox while it is connected. What it missed while away, it lists over REST.
/// </summary>
[Authorize]
public sealed class ChatHub(GatewayPushObserver gateway) : Hub
{
    public const string Path = "/hubs/chat";

    /// <summary>The client method a new notification arrives on, with a <see cref="NotificationResponse"/>.</summary>
    public const string NotificationMethod = "notification";

    public override async Task OnConnectedAsync()
    {
        if (!await gateway.ConnectAsync(Context.User!.UserId(), Context.ConnectionId))
        {
            // Thrown, not aborted: the client is told why in the close message.
            throw new HubException($"You already have {Grains.Interfaces.Communication.UserConnections.MaxPerUser} connections open; close one first.");
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await gateway.DisconnectAsync(Context.User!.UserId(), Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
