using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using OneDay.Api.Http;

namespace OneDay.Tests.Unit.Hosting;

/// <summary>Which unmatched requests name a route with malformed ids (the 400 path), without a gateway.</summary>
public sealed class MalformedRouteIdsTests
{
    private static readonly MalformedRouteIds Routes = new(_ => Task.CompletedTask, new DefaultEndpointDataSource(
        Endpoint("GET", "/api/jobs/{id:guid}"),
        Endpoint("POST", "/api/jobs/{id:guid}/applications/{workerId:guid}/accept"),
        Endpoint("GET", "/api/jobs/mine"),
        Endpoint("PUT", "/api/jobs/categories/{code}")));

    [Theory]
    [InlineData("GET", "/api/jobs/abc", "id")]
    [InlineData("GET", "/API/Jobs/abc/", "id")]
    [InlineData("POST", "/api/jobs/abc/applications/def/accept", "id,workerId")]
    [InlineData("POST", "/api/jobs/3f2c1e9a-8b7d-4c6e-9a5b-1d2e3f4a5b6c/applications/def/accept", "workerId")]
    public void A_path_of_an_id_route_with_a_malformed_id_names_each_bad_id(string method, string path, string fields)
    {
        var match = Routes.Find(Request(method, path));

        Assert.NotNull(match);
        Assert.Equal(fields.Split(','), match.Value.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/api/jobs/3f2c1e9a-8b7d-4c6e-9a5b-1d2e3f4a5b6c")]
    [InlineData("DELETE", "/api/jobs/abc")]
    [InlineData("GET", "/api/jobs/abc/nothing")]
    [InlineData("GET", "/api/users/abc")]
    [InlineData("POST", "/api/jobs/abc/applications/def/reject")]
    [InlineData("PUT", "/api/jobs/categories/Bad Code")]
    public void Other_paths_are_left_to_routing(string method, string path) =>
        Assert.Null(Routes.Find(Request(method, path)));

    private static HttpRequest Request(string method, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        return context.Request;
    }

    private static RouteEndpoint Endpoint(string method, string pattern) => new(
        _ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(new HttpMethodMetadata([method])), pattern);
}
