using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Api.Communication;

/// <summary>
/// The real-time endpoint at <see cref="Path"/>: a signed-in client connects with its access token (the
/// access_token query for WebSockets, as SignalR clients send it), sends messages, and receives as "message" every
/// message of its conversations and as "notification" each notification stored in its inbox while it is connected.
/// What it missed while away, it reads over REST by cursor.
/// </summary>
[Authorize]
public sealed class ChatHub(GatewayPushObserver gateway, IGrainFactory grains, ChatSendLimiter limiter) : Hub
{
    public const string Path = "/hubs/chat";

    /// <summary>The client method a new notification arrives on, with a <see cref="NotificationResponse"/>.</summary>
    public const string NotificationMethod = "notification";

    /// <summary>The client method a conversation's new message arrives on, with a <see cref="MessageResponse"/>.</summary>
    public const string MessageMethod = "message";

    /// <summary>The client methods the other participants' typing and read marks arrive on, with a <see cref="ConversationSignalResponse"/>.</summary>
    public const string TypingMethod = "typing";

    public const string ReadMethod = "read";

    /// <summary>Tells the other participants I am typing; clients send it at most every few seconds while typing.</summary>
    public async Task Typing(Guid conversationId)
    {
        var outcome = await grains.Reference<IConversationGrain>(conversationId).Typing(Context.User!.UserId());
        if (outcome != ChatOutcome.Ok)
        {
            throw new HubException(outcome == ChatOutcome.NotParticipant ? "Only the conversation's participants may type here." : "The conversation was not found.");
        }
    }

    /// <summary>Marks the conversation read up to a message; the other participants get "read".</summary>
    public async Task MarkRead(Guid conversationId, long upTo)
    {
        if (upTo < 1)
        {
            throw new HubException("upTo: the sequence of the last message read, from 1.");
        }

        var outcome = await grains.Reference<IConversationGrain>(conversationId).MarkRead(Context.User!.UserId(), upTo);
        if (outcome != ChatOutcome.Ok)
        {
            throw new HubException(outcome == ChatOutcome.NotParticipant ? "Only the conversation's participants may read here." : "The conversation was not found.");
        }
    }

    /// <summary>Stores the message and answers it once stored; every participant's devices, the sender's too, get it as "message".</summary>
    public async Task<MessageResponse> SendMessage(Guid conversationId, string clientMessageId, string text)
    {
        var sender = Context.User!.UserId();
        if (!limiter.TryAcquire(sender, out var retryAfter))
        {
            throw new HubException($"You are sending messages too fast; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.");
        }

        var result = await grains.Reference<IConversationGrain>(conversationId).Send(sender, clientMessageId ?? "", text ?? "");
        return result.Outcome switch
        {
            ChatOutcome.Ok => MessageResponse.From(result.Message!),
            ChatOutcome.Invalid => throw new HubException(string.Join(" ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))),
            ChatOutcome.NotParticipant => throw new HubException("Only the conversation's participants may send here."),
            ChatOutcome.Blocked => throw new HubException("No one can send here: one of you blocked the other."),
            _ => throw new HubException("The conversation was not found."),
        };
    }

    public override async Task OnConnectedAsync()
    {
        if (!await gateway.ConnectAsync(Context.User!.UserId(), Context.ConnectionId))
        {
            // Thrown, not aborted: the client is told why in the close message.
            throw new HubException($"You already have {UserConnections.MaxPerUser} connections open; close one first.");
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await gateway.DisconnectAsync(Context.User!.UserId(), Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
