using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing.Patterns;
using OneDay.Api.Errors;

namespace OneDay.Api.Http;

/// <summary>
/// Ids in routes are <c>{name:guid}</c>, so a malformed one matches no endpoint and routing alone would answer
/// 404. For a request that matched nothing, this finds the endpoint it would have reached with well-formed ids
/// and answers 400 naming the bad route values instead (401 first when that endpoint needs a signed-in caller).
/// Requests that matched an endpoint pass straight through.
/// </summary>
public sealed class MalformedRouteIds(RequestDelegate next, EndpointDataSource endpoints)
{
    // Built on the first unmatched request: every endpoint is mapped by then, and never changes afterwards.
    private readonly Lazy<IdRoute[]> _routes = new(() => Build(endpoints));

    public Task InvokeAsync(HttpContext context) => context.GetEndpoint() is null ? UnmatchedAsync(context) : next(context);

    private async Task UnmatchedAsync(HttpContext context)
    {
        if (Find(context.Request) is not { } match)
        {
            await next(context);
            return;
        }

        if (EndpointAccess.RequiresSignIn(match.Route.Metadata) && context.User.Identity?.IsAuthenticated != true)
        {
            await context.ChallengeAsync();
            return;
        }

        await Problems.Validation(match.Errors).ExecuteAsync(context);
    }

    /// <summary>The endpoint the path names with malformed ids, and an error per malformed id; null if there is none.</summary>
    public (IdRoute Route, Dictionary<string, string[]> Errors)? Find(HttpRequest request)
    {
        var segments = (request.Path.Value ?? "/").Trim('/').Split('/');
        foreach (var route in _routes.Value)
        {
            if (route.Methods is { } methods && !methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (route.Match(segments) is { Count: > 0 } errors)
            {
                return (route, errors);
            }
        }

        return null;
    }

    private static IdRoute[] Build(EndpointDataSource endpoints) =>
        [.. endpoints.Endpoints.OfType<RouteEndpoint>().Select(IdRoute.From).OfType<IdRoute>()];

    /// <summary>A route with at least one GUID parameter, as a sequence of literal and parameter segments.</summary>
    public sealed class IdRoute
    {
        private readonly Segment[] _segments;

        private IdRoute(Segment[] segments, IReadOnlyList<string>? methods, IReadOnlyList<object> metadata)
        {
            _segments = segments;
            Methods = methods;
            Metadata = metadata;
        }

        public IReadOnlyList<string>? Methods { get; }

        public IReadOnlyList<object> Metadata { get; }

        public static IdRoute? From(RouteEndpoint endpoint)
        {
            var pattern = endpoint.RoutePattern;
            // Only plain segments ("jobs", "{id:guid}"); ids never sit in complex, optional or catch-all ones.
            if (pattern.PathSegments.Any(s => !s.IsSimple || s.Parts[0] is RoutePatternParameterPart { IsOptional: true } or RoutePatternParameterPart { IsCatchAll: true }))
            {
                return null;
            }

            var segments = pattern.PathSegments.Select(s => s.Parts[0] switch
            {
                RoutePatternLiteralPart literal => new Segment(literal.Content, null, false),
                RoutePatternParameterPart parameter => new Segment(null, parameter.Name, parameter.ParameterPolicies.Any(IsGuid)),
                _ => new Segment(null, null, false),
            }).ToArray();
            return segments.Any(s => s.IsGuid)
                ? new IdRoute(segments, endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods, [.. endpoint.Metadata])
                : null;
        }

        /// <summary>Errors for the malformed GUID values when every other segment matches; empty otherwise.</summary>
        public Dictionary<string, string[]> Match(string[] path)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (path.Length != _segments.Length)
            {
                return errors;
            }

            for (var i = 0; i < path.Length; i++)
            {
                var (literal, parameter, isGuid) = _segments[i];
                if (literal is not null && !string.Equals(literal, path[i], StringComparison.OrdinalIgnoreCase))
                {
                    errors.Clear();
                    return errors;
                }

                if (parameter is not null && isGuid && !Guid.TryParse(path[i], out _))
                {
                    errors[parameter] = ["Must be a UUID, e.g. 3f2c1e9a-8b7d-4c6e-9a5b-1d2e3f4a5b6c."];
                }
            }

            return errors;
        }

        private static bool IsGuid(RoutePatternParameterPolicyReference policy) =>
            policy.Content == "guid" || policy.ParameterPolicy is Microsoft.AspNetCore.Routing.Constraints.GuidRouteConstraint;

        private readonly record struct Segment(string? Literal, string? Parameter, bool IsGuid);
    }
}
