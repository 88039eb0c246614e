using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using OneDay.Api.Caching;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.Jobs;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Users;

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags(ApiTags.Users);
        users.MapPost("/", Register).AllowAnonymous().RequireRateLimiting(SecuritySetup.AuthRateLimitPolicy)
            .WithName("registerUser").WithSummary("Register an account")
            .WithDescription("Role is worker or employer. Answers the new account and its ETag; sign in with signIn next.")
            .Produces<MeResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/me", GetMe)
            .WithName("getMyProfile").WithSummary("Read my private profile")
            .WithDescription("The ETag header carries the profile's version, for If-Match on updateMyProfile.")
            .Produces<MeResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPut("/me", UpdateMe)
            .WithName("updateMyProfile").WithSummary("Edit my profile")
            .WithDescription("With If-Match (the ETag of getMyProfile) the edit applies only to that version, else 412.")
            .WithParameters(DocumentedParameter.Header("If-Match", "The ETag of the profile as read, e.g. \"v3\"; none or * edits unconditionally."))
            .Produces<MeResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        users.MapDelete("/me", EraseMe)
            .WithName("eraseMyAccount").WithSummary("Erase my account and sign out everywhere")
            .WithDescription("Scrubs my personal data, disables sign-in and revokes every session of mine.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapGet("/me/export", ExportMe)
            .WithName("exportMyData").WithSummary("Export everything held about me")
            .WithDescription("My profile, my sessions and the audit trail about me, as a JSON attachment.")
            .Produces<UserExportResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapGet("/{id:guid}", GetPublic)
            .WithName("getUser").WithSummary("Read a user's public profile")
            .WithDescription("The public view: no email, phone or registration number.")
            .Produces<PublicUserResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{id:guid}/roles", GrantRole).RequireAuthorization(Policies.Admin)
            .WithName("grantUserRole").WithSummary("Grant a user a role")
            .Produces<UserRolesResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapEmailVerificationApi();
        return users;
    }

    private static async Task<IResult> Register(RegisterRequest request, HttpContext http, IGrainFactory grains)
    {
        var result = await grains.Reference<IRegistrationGrain>(0).Register(request.ToForm(http.Caller()));
        if (result.Outcome == RegistrationOutcome.Invalid)
        {
            return Problems.Validation(result.Errors);
        }

        if (result.Outcome == RegistrationOutcome.EmailTaken || result.User is null)
        {
            return Problems.Of(StatusCodes.Status409Conflict, ProblemTypes.EmailTaken, "An account with this email already exists.");
        }

        http.Response.Headers.ETag = EntityTags.For(result.User.Version);
        return Results.Created($"/api/users/{result.User.Id}", result.User.ToResponse());
    }

    private static async Task<IResult> GetMe(ClaimsPrincipal principal, HttpContext http, IGrainFactory grains)
    {
        if (await grains.Reference<IUserGrain>(principal.UserId()).GetPrivate() is not { } me)
        {
            return Problems.NotFound("The account");
        }

        http.Response.Headers.ETag = EntityTags.For(me.Version);
        return Results.Ok(me.ToResponse());
    }

    private static async Task<IResult> UpdateMe(
        ProfileRequest request, ClaimsPrincipal principal, HttpContext http, IGrainFactory grains, PublicReadCache cache)
    {
        if (!EntityTags.TryReadIfMatch(http, out var expected))
        {
            return Problems.Validation(new FieldErrors().Add("If-Match", "Must be an ETag from GET /api/users/me, e.g. \"v3\"."));
        }

        var result = await grains.Reference<IUserGrain>(principal.UserId()).UpdateProfile(request.ToForm(), expected, http.Caller());
        if (result.Outcome == UpdateOutcome.Invalid)
        {
            return Problems.Validation(result.Errors);
        }

        cache.Evict(PublicEntity.User, principal.UserId());
        switch (result.Outcome)
        {
            case UpdateOutcome.NotFound:
                return Problems.NotFound("The account");
            case UpdateOutcome.VersionMismatch:
                http.Response.Headers.ETag = EntityTags.For(result.User!.Version);
                return Problems.Of(
                    StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed,
                    "The profile changed since you read it.", "GET it again, reapply your change and send the new ETag.");
            default:
                http.Response.Headers.ETag = EntityTags.For(result.User!.Version);
                return Results.Ok(result.User.ToResponse());
        }
    }

    private static async Task<IResult> EraseMe(ClaimsPrincipal principal, HttpContext http, IGrainFactory grains, PublicReadCache cache)
    {
        var erased = await grains.Reference<IUserGrain>(principal.UserId()).Erase(http.Caller());
        cache.Evict(PublicEntity.User, principal.UserId());
        return erased ? Results.NoContent() : Problems.NotFound("The account");
    }

    private static async Task<IResult> ExportMe(ClaimsPrincipal principal, HttpContext http, IGrainFactory grains)
    {
        if (await grains.Reference<IUserGrain>(principal.UserId()).Export(http.Caller()) is not { } export)
        {
            return Problems.NotFound("The account");
        }

        http.Response.Headers.ContentDisposition = "attachment; filename=\"oneday-my-data.json\"";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new UserExportResponse(
            export.Profile.ToResponse(), export.Sessions, export.AuditTrail,
            [.. export.Jobs.Select(j => j.ToResponse())], [.. export.Applications.Select(a => a.ToResponse())],
            export.Schedule, export.RatingsGiven, export.RatingsReceived, export.ExportedAt));
    }

    private static async Task<IResult> GetPublic([FromRoute(Name = "id")] Guid userId, HttpRequest http, IGrainFactory grains, PublicReadCache cache)
    {
        if (cache.TryGet(http, PublicEntity.User, userId, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        return await grains.Reference<IUserGrain>(userId).GetPublic() is { } user
            ? cache.Store(PublicEntity.User, userId, generation, user.ToResponse(), etag: null)
            : Problems.NotFound("The user");
    }

    private static async Task<IResult> GrantRole(
        [FromRoute(Name = "id")] Guid userId, GrantRoleRequest request, ClaimsPrincipal principal, HttpContext http, IGrainFactory grains,
        PublicReadCache cache)
    {
        var result = await grains.Reference<IUserGrain>(userId).GrantRole(request.Role, principal.UserId(), http.Caller());
        if (result.Outcome == RoleGrantOutcome.Invalid)
        {
            return Problems.Validation(result.Errors);
        }

        cache.Evict(PublicEntity.User, userId);
        return result is { Outcome: RoleGrantOutcome.Granted, User: { } user }
            ? Results.Ok(new UserRolesResponse(user.Id, UserResponses.Names(user.Roles)))
            : Problems.NotFound("The user");
    }
}
