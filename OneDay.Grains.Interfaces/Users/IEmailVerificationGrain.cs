namespace OneDay.Grains.Interfaces.Users;

[GenerateSerializer, Alias("oneday.users.email-verification-outcome")]
public enum EmailVerificationOutcome
{
    Verified = 0,
    /// <summary>The address was verified before; nothing changed.</summary>
    AlreadyVerified = 1,
    /// <summary>Not a token OneDay signed, or not for this account's current address.</summary>
    Invalid = 2,
    Expired = 3,
    /// <summary>The account is gone (never registered, or erased).</summary>
    NotFound = 4,
}

/// <summary>A verification link's result; <paramref name="UserId"/> is set when the token was genuine.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.email-verification-result")]
public sealed record EmailVerificationResult(
    [property: Id(0)] EmailVerificationOutcome Outcome,
    [property: Id(1)] Guid? UserId);

/// <summary>
/// Checks the signed, expiring token of an email verification link and marks the address verified. Stateless:
/// any silo holds the key, and the account's grain keeps the result.
/// </summary>
[Alias("oneday.users.IEmailVerificationGrain")]
public interface IEmailVerificationGrain : IGrainWithIntegerKey
{
    [Alias("verify")]
    Task<EmailVerificationResult> Verify(string token);
}

[GenerateSerializer, Alias("oneday.users.verification-request-outcome")]
public enum VerificationRequestOutcome
{
    /// <summary>A new link is on its way.</summary>
    Sent = 0,
    AlreadyVerified = 1,
    /// <summary>A link was sent moments ago; see <see cref="VerificationRequestResult.RetryAfter"/>.</summary>
    TooSoon = 2,
    NotFound = 3,
}

[GenerateSerializer, Immutable, Alias("oneday.users.verification-request-result")]
public sealed record VerificationRequestResult(
    [property: Id(0)] VerificationRequestOutcome Outcome,
    [property: Id(1)] TimeSpan? RetryAfter = null);
