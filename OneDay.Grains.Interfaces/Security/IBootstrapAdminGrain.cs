namespace OneDay.Grains.Interfaces.Security;

/// <summary>
/// The bootstrap admin grant (OneDay:Security:BootstrapAdminEmail), cluster-wide (key 0). The address is
/// made admin once, by the first registration of it that completes, and never again: not after that
/// admin erased their account and someone registered the address anew.
/// </summary>
[Alias("oneday.security.IBootstrapAdminGrain")]
public interface IBootstrapAdminGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Whether the registration of <paramref name="address"/> (its email index key) may grant admin: the
    /// grant is unspent and no other address claimed it. A repeated claim by the same address (a registration
    /// retried after a crash) is answered yes again until <see cref="Spend"/>.
    /// </summary>
    [Alias("claim")]
    Task<bool> Claim(string address);

    /// <summary>The grant is used up: its registration completed, or the address's account is gone. Idempotent.</summary>
    [Alias("spend")]
    Task Spend();
}
