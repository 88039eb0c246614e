using System.Security.Claims;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Api.Matching;

/// <summary>A worker's matching profile at /api/matching/profile: what recommendations and invitations go by.</summary>
public static class MatchingProfileEndpoints
{
    public static RouteGroupBuilder MapMatchingProfileApi(this RouteGroupBuilder matching)
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
        return matching;
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
