namespace OneDay.Grains.Interfaces.Security;

/// <summary>
/// Sign-in throttling for addresses nobody owns, so they lock exactly like real accounts without a grain per
/// made-up address: a few shards (integer keys) of a bounded in-memory table, keyed by email index key.
/// </summary>
[Alias("oneday.security.IUnknownAccountThrottleGrain")]
public interface IUnknownAccountThrottleGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Counts a failed sign-in from <paramref name="source"/> to <paramref name="account"/> (an email index key),
    /// or answers that it is locked, exactly as an owned address would: null when the attempt was counted.
    /// </summary>
    [Alias("note-failed-login")]
    Task<LoginResult?> NoteFailedLogin(string account, string? source);
}
