using Microsoft.AspNetCore.Authorization;

namespace OneDay.Api.Infrastructure;

/// <summary>Who may call an endpoint, read from the same metadata the authorization middleware reads.</summary>
public static class EndpointAccess
{
    /// <summary>True when a caller must be signed in: authorization is asked for and AllowAnonymous does not override it.</summary>
    public static bool RequiresSignIn(IEnumerable<object> metadata) =>
        !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();
}
