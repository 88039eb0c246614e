using System.Security.Claims;

namespace OneDay.Api.Security;

public static class ClaimsPrincipalExtensions
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string SessionClaim = "sid";

    /// <summary>The signed-in user's id; only called behind an authorization policy, so the claim exists.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SubjectClaim), out var id)
            ? id
            : throw new InvalidOperationException("The access token has no user id.");

    public static Guid SessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionClaim), out var id) ? id : Guid.Empty;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Policies.Admin);
}
