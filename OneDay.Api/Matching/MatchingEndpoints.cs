using System.Security.Claims;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Api.Matching;

/// <summary>A worker's matching profile at /api/matching/profile, and the open jobs it recommends them.</summary>
public static class MatchingEndpoints
{
    private const int DefaultLimit = 20;

    public static RouteGroupBuilder MapMatchingApi(this RouteGroupBuilder matching)
    {
        matching.MapGet("/profile", GetAsync).RequireAuthorization(Policies.Worker)
            .WithName("getMyMatchingProfile").WithSummary("Read my matching profile")
            .WithDescription("404 until I saved one. The ETag header carries its version, for If-Match on saveMyMatchingProfile.")
            .Produces<MatchingProfileResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        matching.MapPut("/profile", SaveAsync).RequireAuthorization(Policies.Worker)
            .WithName("saveMyMatchingProfile").WithSummary("Save my matching profile")
            .WithDescription(
                "The whole profile: skills with levels 1-5, preferred categories, home and how far I travel, weekly availability " +
                "windows (Korea Standard Time, not overlapping within a day), my minimum hourly pay and the languages I speak. " +
                "With If-Match (the ETag of getMyMatchingProfile) it applies only over that version, else 412.")
            .WithParameters(DocumentedParameter.Header("If-Match", "The ETag of the profile as read, e.g. \"v3\"; none or * saves unconditionally."))
            .Produces<MatchingProfileResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
        matching.MapGet("/recommendations", RecommendAsync).RequireAuthorization(Policies.Worker)
            .WithName("getMyRecommendations").WithSummary("Open jobs that fit me, best first, with why")
            .WithDescription(
                "Open jobs within my travel distance that break none of the hard rules (no overlap with my accepted shifts, inside my " +
                "availability, at or above my minimum pay, nobody blocked), ranked by a score in [0, 1] whose factors, weights and " +
                "explanations add up to it, and the employer's record beside it (rating, accepted shifts cancelled, shifts paid and how many on time), " +
                "which is shown but not scored. Jobs I applied to are left out. 404 until I saved my matching profile.")
            .WithParameters(ListLimits.Parameter(IRecommendationsGrain.MaxLimit, DefaultLimit))
            .Produces<RecommendationResponse[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return matching;
    }

    private static async Task<IResult> RecommendAsync(string? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!ListLimits.TryRead(limit, DefaultLimit, IRecommendationsGrain.MaxLimit, out var size, out var invalid))
        {
            return invalid;
        }

        var result = await grains.Reference<IRecommendationsGrain>(0).ForWorker(user.UserId(), size);
        return result.HasProfile
            ? Results.Ok(result.Items.Select(RecommendationResponse.From).ToArray())
            : Problems.Of(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Your matching profile was not found.",
                "Recommendations follow it: save it with PUT /api/matching/profile first.");
    }

    private static async Task<IResult> GetAsync(ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        if (await grains.Reference<IMatchingProfileGrain>(user.UserId()).Get() is not { } view)
        {
            return Problems.NotFound("Your matching profile");
        }

        http.Response.Headers.ETag = EntityTags.For(view.Version);
        return Results.Ok(MatchingProfileResponse.From(view));
    }

    private static async Task<IResult> SaveAsync(MatchingProfileRequest request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        if (!EntityTags.TryReadIfMatch(http, out var expected))
        {
            return Problems.Validation(new FieldErrors().Add("If-Match", "Must be an ETag from GET /api/matching/profile, e.g. \"v3\"."));
        }

        var (profile, errors) = request.ToProfile();
        if (profile is null)
        {
            return Problems.Validation(errors);
        }

        var result = await grains.Reference<IMatchingProfileGrain>(user.UserId()).Save(profile, expected);
        switch (result.Outcome)
        {
            case MatchingProfileOutcome.Invalid:
                return Problems.Validation(result.Errors);
            case MatchingProfileOutcome.VersionMismatch:
                if (result.View is { } current)
                {
                    http.Response.Headers.ETag = EntityTags.For(current.Version);
                }

                return Problems.Of(
                    StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed,
                    "The profile changed since you read it.", "GET it again, reapply your change and send the new ETag.");
            default:
                http.Response.Headers.ETag = EntityTags.For(result.View!.Version);
                return Results.Ok(MatchingProfileResponse.From(result.View));
        }
    }
}
