using Microsoft.AspNetCore.Authorization;

namespace OneDay.Api.Http;

/// <summary>Who may call an endpoint, read from the same metadata the authorization middleware reads.</summary>
public static class EndpointAccess
{
    /// <summary>True when a caller must be signed in: authorization is asked for and AllowAnonymous does not override it.</summary>
    public static bool RequiresSignIn(IEnumerable<object> metadata) =>
        !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();

    /// <summary>The roles the endpoint's policies ask for; our policies are named after the role they require.</summary>
    public static IReadOnlyList<string> RequiredRoles(IEnumerable<object> metadata) =>
        RequiresSignIn(metadata)
            ? [.. metadata.OfType<IAuthorizeData>()
                .SelectMany(a => new[] { a.Policy }.Concat(a.Roles?.Split(',') ?? []))
                .OfType<string>()
                .Select(r => r.Trim())
                .Where(r => r.Length > 0)
                .Distinct(StringComparer.Ordinal)]
            : [];
}
