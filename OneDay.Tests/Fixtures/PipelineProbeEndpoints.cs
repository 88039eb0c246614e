using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OneDay.Tests.Fixtures;

/// <summary>
/// A JSON endpoint added only in tests, so the gateway's shared body-binding and error pipeline can be
/// exercised before and independently of any domain endpoint.
/// </summary>
internal static class PipelineProbeEndpoints
{
    public const string Path = "/test/echo";

    public static void Map(WebApplication app) =>
        app.MapPost(Path, (EchoRequest request) => Results.Ok(new { request.Name, request.Count })).AllowAnonymous();

    internal sealed record EchoRequest(string Name, int Count);
}
