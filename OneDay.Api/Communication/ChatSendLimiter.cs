using System.Threading.RateLimiting;
using OneDay.Api.Security;

namespace OneDay.Api.Communication;

/// <summary>
/// How fast one user may send chat messages, whether over REST or the hub (whose invocations the HTTP rate limiter
/// never sees). Per gateway, like the other limits: a client spreading sends over several gateways gets each one's
/// allowance, which bounds it still.
/// </summary>
public sealed class ChatSendLimiter(SecurityOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(userId =>
        RateLimitPartition.GetSlidingWindowLimiter(userId, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.RateLimits.ChatMessagesPerUserPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    /// <summary>False when the user has sent their allowance; then <paramref name="retryAfter"/> says when to try again.</summary>
    public bool TryAcquire(Guid userId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
