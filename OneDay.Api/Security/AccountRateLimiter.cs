namespace OneDay.Api.Security;

/// <summary>
/// Sign-in attempts per account from one source address, per minute. The account is only known once the body
/// is read, so the token endpoint asks this limiter itself instead of going through the IP-keyed endpoint
/// policy. Keyed by the address too, so a stranger's attempts never use up the owner's.
/// </summary>
/// <remarks>
/// One fixed window for every key, counted in a table that starts empty each minute and holds at most
/// <see cref="Capacity"/> keys, so sign-ins with made-up addresses cost bounded memory that none of them
/// outlives by more than a minute. Past the capacity a new key goes uncounted until the next window; the
/// silo's lockout still applies to it.
/// </remarks>
public sealed class AccountRateLimiter(int limitPerMinute, int capacity, TimeProvider time)
{
    public const int DefaultCapacity = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private DateTimeOffset _windowEnds;

    public AccountRateLimiter(SecurityOptions options, TimeProvider time)
        : this(options.RateLimits.AuthPerAccountPerMinute, DefaultCapacity, time)
    {
    }

    public int Capacity => capacity;

    /// <summary>The (account, address) pairs counted in the current window.</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_lock)
            {
                Roll(time.GetUtcNow());
                return _attempts.Count;
            }
        }
    }

    /// <summary>Null when allowed; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string account, string? source)
    {
        var key = account + " " + source;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Roll(now);
            if (_attempts.TryGetValue(key, out var attempts))
            {
                if (attempts >= limitPerMinute)
                {
                    return _windowEnds - now;
                }

                _attempts[key] = attempts + 1;
            }
            else if (_attempts.Count < capacity)
            {
                _attempts[key] = 1;
            }

            return null;
        }
    }

    private void Roll(DateTimeOffset now)
    {
        if (now >= _windowEnds)
        {
            _attempts.Clear();
            // A table that once held a flood keeps its buckets after Clear; a fresh window gives them back.
            _attempts.TrimExcess();
            _windowEnds = now + Window;
        }
    }
}
