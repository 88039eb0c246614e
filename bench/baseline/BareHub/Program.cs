using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

// A bare SignalR relay with the app hub's shape (SendMessage answers the message and every member of the
// conversation, the sender too, gets it as "message"), so ChatBench drives both with the same client code.
// A client names itself and its conversation in the query: /hub?user=<guid>&conversation=<guid>.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSignalR();

var app = builder.Build();
app.MapHub<RelayHub>("/hub");
app.MapGet("/ready", () => "ready");
app.Run();

internal sealed record RelayedMessage(Guid ConversationId, long Sequence, Guid SenderId, string ClientMessageId, string Text, DateTimeOffset SentAt);

internal sealed class RelayHub : Hub
{
    // Per-conversation sequence numbers, as the app's conversation grain assigns them.
    private static readonly ConcurrentDictionary<Guid, long> Sequences = new();

    public async Task<RelayedMessage> SendMessage(Guid conversationId, string clientMessageId, string text)
    {
        var sender = Guid.Parse(Context.GetHttpContext()!.Request.Query["user"].ToString());
        var message = new RelayedMessage(
            conversationId, Sequences.AddOrUpdate(conversationId, 1, (_, s) => s + 1), sender, clientMessageId, text, DateTimeOffset.UtcNow);
        await Clients.Group(conversationId.ToString()).SendAsync("message", message);
        return message;
    }

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Context.GetHttpContext()!.Request.Query["conversation"].ToString());
        await base.OnConnectedAsync();
    }
}
