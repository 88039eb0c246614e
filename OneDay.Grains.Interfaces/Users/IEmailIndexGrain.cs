namespace OneDay.Grains.Interfaces.Users;

/// <summary>
/// The owner of one normalized email address, cluster-wide. Every registration of that address goes
/// through this one grain, so "unique email" holds however many requests race for it.
/// </summary>
[Alias("oneday.users.email-index")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task<RegistrationResult> Register(Registration registration);

    [Alias("resolve")]
    Task<Guid?> Resolve();

    /// <summary>
    /// Counts a failed sign-in from <paramref name="source"/> to an address nobody owns (kept in memory only),
    /// or answers that it is locked, exactly as an owned address would: null when the attempt was counted.
    /// </summary>
    [Alias("note-failed-login")]
    Task<Security.LoginResult?> NoteFailedLogin(string? source);

    /// <summary>Frees the address after its account was erased.</summary>
    [Alias("release")]
    Task Release(Guid userId);
}
