namespace OneDay.Grains.Security;

/// <summary>
/// The time sign-in throttling runs on. A type of its own, so tests can move it past a lockout without
/// moving the clock of sessions, the audit log or any other grain.
/// </summary>
public sealed class SignInClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
