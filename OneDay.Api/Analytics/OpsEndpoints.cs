using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Api.Analytics;

/// <summary>The operator console at /ops (static files, for admins) and the live cluster figures it shows.</summary>
public static class OpsEndpoints
{
    public const string Entry = "/ops/index.html";

    public static RouteGroupBuilder MapOpsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/analytics/cluster", ClusterAsync).RequireAuthorization(Policies.Admin).WithTags(ApiTags.Analytics)
            .WithName("clusterOverview").WithSummary("Silos and their domains, activations per domain, requests of every gateway and this one, dead letters waiting")
            .Produces<ClusterResponse>();
        return api;
    }

    /// <summary>The page itself is public, like the chat client: it holds no data, and signs its admin in.</summary>
    public static WebApplication MapOpsConsole(this WebApplication app)
    {
        app.MapGet("/ops", () => Results.Redirect(Entry)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ClusterAsync(IGrainFactory grains, RequestWindow requests)
    {
        var overview = grains.Reference<IClusterOverviewGrain>(0).Overview();
        var traffic = grains.Reference<IGatewayTrafficGrain>(0).Read();
        var (o, t) = (await overview, await traffic);
        return Results.Ok(new ClusterResponse(
            o.Silos, o.ActivationsByDomain, o.DeadLettersWaiting, RequestWindow.Figures(requests.Counts()), RequestWindow.Figures(t.Total),
            [.. t.ByGateway.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GatewayFigures(g.Key, RequestWindow.Figures(g.Value)))]));
    }
}

/// <param name="Gateway">The gateway that answered: its own requests of the last minute, now.</param>
/// <param name="Requests">The requests of every gateway that reported in the last few seconds, as of its last report.</param>
/// <param name="Gateways">Each of those gateways and its requests.</param>
public sealed record ClusterResponse(
    IReadOnlyList<SiloOverview> Silos, IReadOnlyDictionary<string, long> ActivationsByDomain, int DeadLettersWaiting, RequestFigures Gateway,
    RequestFigures Requests, IReadOnlyList<GatewayFigures> Gateways);

/// <param name="Name">The gateway's host and a number of its process.</param>
public sealed record GatewayFigures(string Name, RequestFigures Requests);
