using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

/// <summary>
/// A user's live connections, for pushing to them. Observers rather than a stream per user: a push goes only to the
/// gateways that hold the user's sockets, costs no subscription state, and a user with nobody connected costs nothing.
/// Every notification activates it, connected or not, so it is collected as soon as other entities are: a connected
/// user's gateway renews well within that age.
/// </summary>
[DomainPlacement(Domains.Communication), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed partial class UserConnectionsGrain(
    [PersistentState("user-presence", Domains.Communication)] IPersistentState<UserPresenceState> presence,
    TimeProvider time,
    ILogger<UserConnectionsGrain> logger) : Grain, IUserConnectionsGrain
{
    private readonly Dictionary<string, Lease> _connections = new(StringComparer.Ordinal);
    private bool _lastSeenUnsaved;

    public Task<bool> Connect(string connectionId, IUserPushObserver gateway)
    {
        Prune();
        if (!_connections.ContainsKey(connectionId) && _connections.Count >= UserConnections.MaxPerUser)
        {
            return Task.FromResult(false);
        }

        _connections[connectionId] = new Lease(gateway, time.GetUtcNow() + UserConnections.Lease);
        return Task.FromResult(true);
    }

    public async Task Disconnect(string connectionId)
    {
        if (_connections.Remove(connectionId) && _connections.Count == 0)
        {
            await SeenNowAsync();
        }
    }

    public async Task<PresenceView> Presence()
    {
        Prune();
        await StoreUnsavedLastSeenAsync();
        return new PresenceView(_connections.Count > 0, _connections.Count > 0 ? null : presence.State.LastSeen);
    }

    public Task<int> ConnectionCount()
    {
        Prune();
        return Task.FromResult(_connections.Count);
    }

    public Task Notify(InboxNotification notification) => PushAsync(g => g.Notify(this.GetPrimaryKey(), notification));

    public Task Message(ChatMessage message) => PushAsync(g => g.Message(this.GetPrimaryKey(), message));

    public Task Signal(ConversationSignal signal) => PushAsync(g => g.Signal(this.GetPrimaryKey(), signal));

    private async Task PushAsync(Func<IUserPushObserver, Task> push)
    {
        Prune();
        foreach (var gateway in _connections.Values.Select(l => l.Gateway).DistinctBy(g => g.GetGrainId()).ToList())
        {
            try
            {
                await push(gateway);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Its clients fetch what they missed by cursor when they reconnect, through another gateway.
                LogGatewayUnreachable(logger, ex, this.GetPrimaryKey());
                foreach (var gone in _connections.Where(c => c.Value.Gateway.GetGrainId() == gateway.GetGrainId()).Select(c => c.Key).ToList())
                {
                    _connections.Remove(gone);
                }
            }
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        var expired = _connections.Where(c => c.Value.Expires <= now).Select(c => c.Key).ToList();
        expired.ForEach(c => _connections.Remove(c));
        if (expired.Count > 0 && _connections.Count == 0)
        {
            // The last lease ran out (its gateway died): seen no later than now. Stored by the next presence read.
            presence.State.LastSeen = now;
            _lastSeenUnsaved = true;
        }
    }

    /// <summary>Stored, unlike the connections: last seen must outlive this activation, which goes idle once nobody is connected.</summary>
    private async Task SeenNowAsync(CancellationToken cancellationToken = default)
    {
        presence.State.LastSeen = time.GetUtcNow();
        _lastSeenUnsaved = true;
        await StoreUnsavedLastSeenAsync(cancellationToken);
    }

    /// <summary>The connections end with this activation (their gateways connect again on renewal); last seen must not.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await (_connections.Count > 0 ? SeenNowAsync(cancellationToken) : StoreUnsavedLastSeenAsync(cancellationToken));
    }

    private async Task StoreUnsavedLastSeenAsync(CancellationToken cancellationToken = default)
    {
        if (_lastSeenUnsaved)
        {
            await presence.WriteStateAsync(cancellationToken);
            _lastSeenUnsaved = false;
        }
    }

    private sealed record Lease(IUserPushObserver Gateway, DateTimeOffset Expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "A gateway holding connections of user {UserId} could not be reached; its connections were dropped")]
    private static partial void LogGatewayUnreachable(ILogger logger, Exception exception, Guid userId);
}

[GenerateSerializer, Alias("oneday.communication.user-presence-state")]
public sealed class UserPresenceState
{
    [Id(0)] public DateTimeOffset? LastSeen { get; set; }
}
