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
            .WithName("clusterOverview").WithSummary("Silos and their domains, activations per domain, this gateway's requests, dead letters waiting")
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
        var overview = await grains.Reference<IClusterOverviewGrain>(0).Overview();
        return Results.Ok(new ClusterResponse(overview.Silos, overview.ActivationsByDomain, overview.DeadLettersWaiting, requests.Read()));
    }
}

/// <param name="Gateway">The gateway that answered: its own requests of the last minute (each gateway counts its own).</param>
public sealed record ClusterResponse(
    IReadOnlyList<SiloOverview> Silos, IReadOnlyDictionary<string, long> ActivationsByDomain, int DeadLettersWaiting, RequestFigures Gateway);
