using System.Collections.Concurrent;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Api.Security;

/// <summary>
/// This gateway's copy of the revoked sessions, refreshed every <see cref="PollInterval"/>. Checking a
/// token against it is a dictionary lookup, so revocation costs nothing per request and takes effect
/// within one poll.
/// </summary>
public sealed partial class RevokedSessions(IGrainFactory grains, TimeProvider time, ILogger<RevokedSessions> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _revoked = new();
    private long _version;

    public bool IsRevoked(Guid sessionId) => _revoked.TryGetValue(sessionId, out var until) && until > time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        do
        {
            try
            {
                await PollAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The cluster may be starting or unreachable; the next poll tries again.
                LogPollFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PollAsync()
    {
        var page = await grains.Reference<ISessionRevocationsGrain>(0).Since(_version);
        if (page.Reset)
        {
            _revoked.Clear();
        }

        foreach (var session in page.Sessions)
        {
            _revoked[session.SessionId] = session.Until;
        }

        _version = page.Version;
        var now = time.GetUtcNow();
        foreach (var (id, until) in _revoked)
        {
            if (until <= now)
            {
                _revoked.TryRemove(id, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Polling revoked sessions failed ({Error}); retrying")]
    private static partial void LogPollFailed(ILogger logger, string error);
}
