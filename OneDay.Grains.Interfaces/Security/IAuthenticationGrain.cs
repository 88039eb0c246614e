using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Interfaces.Security;

/// <summary>
/// Sign-in by email. Answers the same way, and in about the same time, whether or not the address has an
/// account, so the endpoint cannot be used to find out who is registered.
/// </summary>
[Alias("oneday.security.authentication")]
public interface IAuthenticationGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Signs in with the email and password as the client sent them; input no account could match is
    /// <see cref="LoginOutcome.InvalidInput"/>, answered without looking for an account.
    /// </summary>
    [Alias("sign-in")]
    Task<LoginResult> Login(string? email, string? password, CallerInfo caller);
}
