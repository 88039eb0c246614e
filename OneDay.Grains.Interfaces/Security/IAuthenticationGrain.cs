using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Interfaces.Security;

/// <summary>
/// Sign-in by email. Answers the same way, and in about the same time, whether or not the address has an
/// account, so the endpoint cannot be used to find out who is registered.
/// </summary>
[Alias("oneday.security.authentication")]
public interface IAuthenticationGrain : IGrainWithIntegerKey
{
    [Alias("login")]
    Task<LoginResult> Login(string normalizedEmail, string password, CallerInfo caller);
}
