using Orleans.Concurrency;

namespace OneDay.Grains.Interfaces.Users;

/// <summary>A person's account profile and points, keyed by user id.</summary>
[Alias("oneday.users.user")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Called once by the email index that reserved this id; repeating it is harmless.</summary>
    [Alias("create")]
    Task<UserPrivateView> Create(Registration registration, IReadOnlyList<UserRole> roles);

    // Reads may interleave with each other: a popular profile is read far more often than written.
    [ReadOnly]
    [Alias("get-private")]
    Task<UserPrivateView?> GetPrivate();

    [ReadOnly]
    [Alias("get-public")]
    Task<UserPublicView?> GetPublic();

    /// <summary>Replaces the editable profile with the form, once the users rules accept it.</summary>
    /// <param name="expectedVersion">The If-Match version, or null to overwrite whatever is there.</param>
    [Alias("update-profile-form")]
    Task<ProfileUpdateResult> UpdateProfile(ProfileForm form, long? expectedVersion, CallerInfo caller);

    /// <param name="roleName">"worker", "employer" or "admin".</param>
    [Alias("grant-role-named")]
    Task<RoleGrantResult> GrantRole(string? roleName, Guid grantedBy, CallerInfo caller);

    /// <summary>Adds points once per <paramref name="sourceEventId"/> (payment events are delivered at least once).</summary>
    [Alias("credit-points")]
    Task<long> CreditPoints(Guid sourceEventId, long points);

    [Alias("export")]
    Task<UserDataExport?> Export(CallerInfo caller);

    /// <summary>
    /// Marks the address verified if it is still the one the link was sent to (<paramref name="addressHash"/>, as
    /// the link carries it); the caller has checked the link's signature and expiry.
    /// </summary>
    [Alias("confirm-email")]
    Task<EmailVerificationOutcome> ConfirmEmail(string addressHash);

    /// <summary>Sends a new verification link, at most one per <c>UserRules.VerificationResendInterval</c>.</summary>
    [Alias("request-email-verification")]
    Task<VerificationRequestResult> RequestEmailVerification();

    /// <summary>Scrubs personal data, disables sign-in and revokes every session; the id stays as a pseudonym.</summary>
    [Alias("erase")]
    Task<bool> Erase(CallerInfo caller);
}
