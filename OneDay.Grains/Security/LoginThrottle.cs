namespace OneDay.Grains.Security;

/// <summary>
/// Sign-in throttling of one account, or of one address nobody owns (which must answer exactly alike).
/// <list type="bullet">
/// <item>A source address that signed in within <see cref="KnownSourceLifetime"/> is known. Each known address
/// has a lock of its own: <see cref="MaxFailures"/> failures from it within <see cref="Window"/> lock it for
/// <see cref="LockoutDuration"/>. Failures elsewhere never lock it, so guessing cannot lock the owner out.</item>
/// <item>Every failure, from anywhere, also counts for the account: <see cref="MaxFailures"/> within the window
/// lock the account for every address that is not known. Each such lock doubles the one before, up to
/// <see cref="LongestLockout"/>, and a lock that starts a day after the previous one ended starts over, so
/// guessing from changing addresses stays at most five tries per quarter hour, and slows down from there.</item>
/// </list>
/// </summary>
[GenerateSerializer, Alias("oneday.security.login-throttle")]
public sealed class LoginThrottle
{
    public const int MaxFailures = 5;
    public const int MaxKnownSources = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LongestLockout = TimeSpan.FromHours(24);
    public static readonly TimeSpan KnownSourceLifetime = TimeSpan.FromDays(30);

    /// <summary>How long after a lock ends the next one still doubles it.</summary>
    public static readonly TimeSpan LockoutMemory = TimeSpan.FromHours(24);

    /// <summary>Recent failures that count towards the account's lock.</summary>
    [Id(0)] public List<DateTimeOffset> Failures { get; set; } = [];

    /// <summary>Until when addresses that are not known are refused.</summary>
    [Id(1)] public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The account's locks in a row; the next lasts <see cref="LockoutDuration"/> times two to this power.</summary>
    [Id(2)] public int Lockouts { get; set; }

    /// <summary>Addresses that signed in recently, by address.</summary>
    [Id(3)] public Dictionary<string, KnownSource> KnownSources { get; set; } = [];

    /// <summary>Until when sign-ins from <paramref name="source"/> are refused, or null when they may try.</summary>
    public DateTimeOffset? LockedFor(string? source, DateTimeOffset now)
    {
        var until = Known(source, now) is { } known ? known.LockedUntil : LockedUntil;
        return until > now ? until : null;
    }

    /// <summary>Counts a failed sign-in from <paramref name="source"/>, which must not be locked.</summary>
    /// <returns>The end of the lock this failure put on <paramref name="source"/>, if it is the one that locks it.</returns>
    public DateTimeOffset? RecordFailure(string? source, DateTimeOffset now)
    {
        var known = Known(source, now);
        DateTimeOffset? locked = null;
        if (known is not null && CountsToLock(known.Failures, now))
        {
            known.LockedUntil = now + LockoutDuration;
            locked = known.LockedUntil;
        }

        // While the account is locked only known addresses get this far, and their own lock covers them.
        if (LockedUntil is null || LockedUntil <= now)
        {
            if (CountsToLock(Failures, now))
            {
                Lockouts = LockedUntil is { } last && now - last < LockoutMemory ? Lockouts : 0;
                LockedUntil = now + AccountLockout(Lockouts);
                Lockouts++;
                locked ??= known is null ? LockedUntil : null;
            }
        }

        return locked;
    }

    /// <summary>A correct password from <paramref name="source"/>: it becomes (or stays) known, with a clean slate.</summary>
    public void RecordSuccess(string? source, DateTimeOffset now)
    {
        if (source is null)
        {
            return;
        }

        foreach (var stale in KnownSources.Where(s => now - s.Value.LastSuccess >= KnownSourceLifetime).Select(s => s.Key).ToArray())
        {
            KnownSources.Remove(stale);
        }

        KnownSources[source] = new KnownSource { LastSuccess = now };
        if (KnownSources.Count > MaxKnownSources)
        {
            KnownSources.Remove(KnownSources.MinBy(s => s.Value.LastSuccess).Key);
        }
    }

    /// <summary>True when nothing here affects a future sign-in any more: no lock, no recent failure, no doubling.</summary>
    public bool IsIdle(DateTimeOffset now) =>
        KnownSources.Count == 0
        && !Failures.Any(f => f > now - Window)
        && (LockedUntil is not { } until || now - until >= LockoutMemory);

    public static TimeSpan AccountLockout(int lockoutsInARow) =>
        TimeSpan.FromTicks(Math.Min(LongestLockout.Ticks, LockoutDuration.Ticks << Math.Min(lockoutsInARow, 16)));

    private KnownSource? Known(string? source, DateTimeOffset now) =>
        source is not null && KnownSources.TryGetValue(source, out var known) && now - known.LastSuccess < KnownSourceLifetime
            ? known
            : null;

    /// <summary>Adds a failure at <paramref name="now"/>; true (and the list emptied) when it is the one that locks.</summary>
    private static bool CountsToLock(List<DateTimeOffset> failures, DateTimeOffset now)
    {
        failures.RemoveAll(f => f <= now - Window);
        failures.Add(now);
        if (failures.Count < MaxFailures)
        {
            return false;
        }

        failures.Clear();
        return true;
    }
}

/// <summary>An address the account signed in from, with its own failures and lock.</summary>
[GenerateSerializer, Alias("oneday.security.known-source")]
public sealed class KnownSource
{
    [Id(0)] public DateTimeOffset LastSuccess { get; set; }

    [Id(1)] public List<DateTimeOffset> Failures { get; set; } = [];

    [Id(2)] public DateTimeOffset? LockedUntil { get; set; }
}
