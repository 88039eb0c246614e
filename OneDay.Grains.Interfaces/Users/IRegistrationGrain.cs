namespace OneDay.Grains.Interfaces.Users;

/// <summary>
/// Registration by email. Checks the form against the users rules, turns the normalized address into its
/// email index key (a keyed hash only silos can compute, so gateways never hold the key) and asks that
/// index, which decides who gets the address.
/// </summary>
[Alias("oneday.users.IRegistrationGrain")]
public interface IRegistrationGrain : IGrainWithIntegerKey
{
    [Alias("register-form")]
    Task<RegistrationResult> Register(RegistrationForm form);
}
