namespace OneDay.Grains.Interfaces.Users;

/// <summary>
/// The owner of one normalized email address, cluster-wide, keyed by the address's keyed hash (never the
/// address itself). Every registration of that address goes through this one grain, so "unique email"
/// holds however many requests race for it.
/// </summary>
[Alias("oneday.users.email-index")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task<RegistrationResult> Register(Registration registration);

    [Alias("resolve")]
    Task<Guid?> Resolve();

    /// <summary>Frees the address after its account was erased.</summary>
    [Alias("release")]
    Task Release(Guid userId);
}
