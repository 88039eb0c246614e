namespace OneDay.Grains.Security;

/// <summary>Five failed sign-ins within 15 minutes lock the account for 15 minutes.</summary>
[GenerateSerializer, Alias("oneday.security.login-throttle")]
public sealed class LoginThrottle
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    [Id(0)] public List<DateTimeOffset> Failures { get; set; } = [];

    [Id(1)] public DateTimeOffset? LockedUntil { get; set; }

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <returns>True when this failure is the one that locks the account.</returns>
    public bool RecordFailure(DateTimeOffset now)
    {
        Failures.RemoveAll(f => f <= now - Window);
        Failures.Add(now);
        if (Failures.Count < MaxFailures)
        {
            return false;
        }

        LockedUntil = now + LockoutDuration;
        Failures.Clear();
        return true;
    }

    public void RecordSuccess()
    {
        Failures.Clear();
        LockedUntil = null;
    }
}
