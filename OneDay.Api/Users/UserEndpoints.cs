using System.Security.Claims;
using OneDay.Api.Infrastructure;
using OneDay.Api.Jobs;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Users;

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapPost("/", Register).AllowAnonymous().RequireRateLimiting(SecuritySetup.AuthRateLimitPolicy);
        users.MapGet("/me", GetMe);
        users.MapPut("/me", UpdateMe);
        users.MapDelete("/me", EraseMe);
        users.MapGet("/me/export", ExportMe);
        users.MapGet("/{id}", GetPublic).Produces<PublicUserResponse>();
        users.MapPost("/{id}/roles", GrantRole).RequireAuthorization(Policies.Admin);
        return users;
    }

    private static async Task<IResult> Register(RegisterRequest request, HttpContext http, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        if (request.Validate(http.Caller(), errors) is not { } registration)
        {
            return Problems.Validation(errors);
        }

        var result = await grains.Reference<IRegistrationGrain>(0).Register(registration);
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

        var errors = new FieldErrors();
        if (request.Validate(errors) is not { } update)
        {
            return Problems.Validation(errors);
        }

        var result = await grains.Reference<IUserGrain>(principal.UserId()).UpdateProfile(update, expected, http.Caller());
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
        return Results.Ok(new
        {
            profile = export.Profile.ToResponse(),
            sessions = export.Sessions,
            auditTrail = export.AuditTrail,
            jobs = export.Jobs.Select(j => j.ToResponse()),
            applications = export.Applications.Select(a => a.ToResponse()),
            schedule = export.Schedule,
            ratingsGiven = export.RatingsGiven,
            ratingsReceived = export.RatingsReceived,
            exportedAt = export.ExportedAt,
        });
    }

    private static async Task<IResult> GetPublic(string id, HttpRequest http, IGrainFactory grains, PublicReadCache cache)
    {
        if (!Guid.TryParse(id, out var userId))
        {
            return Problems.Validation(new FieldErrors().Add("id", "Must be a user id (a UUID)."));
        }

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
        string id, GrantRoleRequest request, ClaimsPrincipal principal, HttpContext http, IGrainFactory grains, PublicReadCache cache)
    {
        var errors = new FieldErrors();
        if (!Guid.TryParse(id, out var userId))
        {
            errors.Add("id", "Must be a user id (a UUID).");
        }

        if (!UserRoles.TryParse(request.Role, out var role))
        {
            errors.Add("role", "Must be 'worker', 'employer' or 'admin'.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var granted = await grains.Reference<IUserGrain>(userId).GrantRole(role, principal.UserId(), http.Caller());
        cache.Evict(PublicEntity.User, userId);
        return granted is { } user
            ? Results.Ok(new { user.Id, roles = UserResponses.Names(user.Roles) })
            : Problems.NotFound("The user");
    }
}
