using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Hosting;

/// <summary>Every route that takes an id, called over HTTP with malformed ids, through the real gateway.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class MalformedRouteIdApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_malformed_id_in_any_route_is_a_400_problem_naming_it_after_the_sign_in_check()
    {
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>()
            .Issue(Guid.NewGuid(), Guid.NewGuid(), [Policies.Worker, Policies.Employer, Policies.Admin]).Token;
        var called = new List<string>();
        foreach (var (method, endpoint) in IdRoutes())
        {
            var ids = endpoint.RoutePattern.Parameters.Where(p => p.ParameterPolicies.Any(policy => policy.Content == "guid")).Select(p => p.Name).ToArray();
            var url = Parameter().Replace(endpoint.RoutePattern.RawText!, m => ids.Contains(m.Groups[1].Value) ? "not-a-uuid" : "x");
            called.Add($"{method} {endpoint.RoutePattern.RawText}");

            var problem = await ProblemAssert.IsProblem(await SendAsync(method, url, token), HttpStatusCode.BadRequest, "validation");
            var errors = problem.GetProperty("errors");
            Assert.All(ids, id => Assert.True(errors.TryGetProperty(id, out _), $"{method} {url}: no error for {id}: {errors}"));

            // Without a token the caller learns it must sign in first, as with a well-formed id.
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                await ProblemAssert.IsProblem(await SendAsync(method, url, token: null), HttpStatusCode.Unauthorized, "unauthorized");
            }
        }

        // One route per domain, among them those that bound the id as a string before.
        Assert.Contains("GET /api/users/{id:guid}", called);
        Assert.Contains("DELETE /api/security/sessions/{id:guid}", called);
        Assert.Contains("POST /api/analytics/events/dead-letters/{id:guid}/replay", called);
        Assert.Contains("POST /api/jobs/{id:guid}/applications/{workerId:guid}/accept", called);
    }

    [Fact]
    public async Task Unknown_paths_stay_404_and_a_well_formed_unknown_id_reaches_its_endpoint()
    {
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(Guid.NewGuid(), Guid.NewGuid(), [Policies.Worker]).Token;
        await ProblemAssert.IsProblem(await SendAsync("GET", "/api/users/not-a-uuid/nothing-here", token), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsProblem(await SendAsync("GET", $"/api/jobs/{Guid.NewGuid()}", token), HttpStatusCode.NotFound, "job-not-found");
    }

    private IEnumerable<(string Method, RouteEndpoint Endpoint)> IdRoutes() =>
        fixture.Gateway.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => p.ParameterPolicies.Any(policy => policy.Content == "guid")))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e)));

    private async Task<HttpResponseMessage> SendAsync(string method, string url, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await fixture.Http.SendAsync(request);
    }

    [GeneratedRegex(@"\{([^:}]+)[^}]*\}")]
    private static partial Regex Parameter();
}
