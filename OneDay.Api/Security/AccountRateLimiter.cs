using System.Threading.RateLimiting;

namespace OneDay.Api.Security;

/// <summary>
/// Sign-in attempts per account. The account is only known once the body is read, so the token endpoint
/// asks this limiter itself instead of going through the IP-keyed endpoint policy.
/// </summary>
public sealed class AccountRateLimiter(SecurityOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.RateLimits.AuthPerAccountPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Null when allowed; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string account)
    {
        using var lease = _limiter.AttemptAcquire(account);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
