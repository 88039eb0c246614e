using System.Threading.RateLimiting;

namespace OneDay.Api.Security;

/// <summary>
/// Sign-in attempts per account from one source address. The account is only known once the body is read,
/// so the token endpoint asks this limiter itself instead of going through the IP-keyed endpoint policy.
/// Keyed by the address too, so a stranger's attempts never use up the owner's.
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
    public TimeSpan? TryAcquire(string account, string? source)
    {
        using var lease = _limiter.AttemptAcquire(account + " " + source);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
