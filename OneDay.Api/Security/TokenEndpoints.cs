using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.Users;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Security;

public sealed record TokenRequest
{
    public string? Email { get; init; }

    public string? Password { get; init; }
}

public sealed record RefreshRequest
{
    public string? RefreshToken { get; init; }
}

public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, Guid UserId, IReadOnlyList<string> Roles);

public sealed record SessionResponse(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, bool Current);

public static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenApi(this RouteGroupBuilder security)
    {
        security.MapPost("/token", Token).AllowAnonymous().RequireRateLimiting(SecuritySetup.AuthRateLimitPolicy)
            .WithName("signIn").WithSummary("Sign in with email and password")
            .WithDescription("Answers an access token and a refresh token. Repeated failures lock the address for a while (429).")
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized);
        security.MapPost("/token/refresh", Refresh).AllowAnonymous().RequireRateLimiting(SecuritySetup.AuthRateLimitPolicy)
            .WithName("refreshToken").WithSummary("Rotate the refresh token for new tokens")
            .WithDescription("Each refresh token works once; presenting a used one again signs the whole session out.")
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized);
        security.MapPost("/logout", Logout)
            .WithName("signOut").WithSummary("Sign out of this session")
            .WithDescription("Its refresh token stops working, and every gateway refuses its access tokens within seconds.")
            .Produces(StatusCodes.Status204NoContent);
        security.MapGet("/sessions", Sessions)
            .WithName("listMySessions").WithSummary("List my sessions")
            .WithDescription("current marks the session of the access token this call was made with.")
            .Produces<SessionResponse[]>();
        security.MapDelete("/sessions/{id:guid}", RevokeSession)
            .WithName("revokeSession").WithSummary("Sign one of my sessions out")
            .WithDescription("Only my own sessions: another user's session id is not found.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return security;
    }

    private static async Task<IResult> Token(
        TokenRequest request, HttpContext http, IGrainFactory grains, AccountRateLimiter accounts, AccessTokenIssuer issuer, TimeProvider time)
    {
        // One caller for both, so the gateway's limit and the silo's lockout count the same source address.
        var caller = http.Caller();

        // The per-account limit is this gateway's, applied before any silo is asked, so it keys on the address as
        // the users domain normalizes it. Whether the email and password could be an account's is the users
        // rules' to say, grain-side; an address longer than any account's is not counted, which bounds the keys.
        if (request.Email is { } email && EmailAddress.Normalize(email) is { Length: > 0 and <= EmailAddress.MaxLength } account
            && accounts.TryAcquire(account, caller.IpAddress) is { } wait)
        {
            return Problems.TooManyRequests(http, wait, ProblemTypes.TooManyRequests, "Too many sign-in attempts for this account.");
        }

        var result = await grains.Reference<IAuthenticationGrain>(0).Login(request.Email, request.Password, caller);
        return Respond(result, http, issuer, time);
    }

    private static async Task<IResult> Refresh(
        RefreshRequest request, HttpContext http, IGrainFactory grains, AccessTokenIssuer issuer, TimeProvider time)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return Problems.Validation(new FieldErrors().Add("refreshToken", "Required."));
        }

        if (!RefreshToken.TryParse(request.RefreshToken, out var token))
        {
            return InvalidToken();
        }

        var result = await grains.Reference<IAccountGrain>(token.UserId).Refresh(token, http.Caller());
        return Respond(result, http, issuer, time);
    }

    private static async Task<IResult> Logout(ClaimsPrincipal principal, HttpContext http, IGrainFactory grains)
    {
        await grains.Reference<IAccountGrain>(principal.UserId()).RevokeSession(principal.SessionId(), http.Caller());
        return Results.NoContent();
    }

    private static async Task<IResult> Sessions(ClaimsPrincipal principal, IGrainFactory grains)
    {
        var current = principal.SessionId();
        var sessions = await grains.Reference<IAccountGrain>(principal.UserId()).Sessions();
        return Results.Ok(sessions.Select(s =>
            new SessionResponse(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Id == current)));
    }

    private static async Task<IResult> RevokeSession(
        [FromRoute(Name = "id")] Guid sessionId, ClaimsPrincipal principal, HttpContext http, IGrainFactory grains)
    {
        // Only the caller's own account is asked, so another user's session id is simply not found.
        return await grains.Reference<IAccountGrain>(principal.UserId()).RevokeSession(sessionId, http.Caller())
            ? Results.NoContent()
            : Problems.NotFound("The session");
    }

    private static IResult Respond(LoginResult result, HttpContext http, AccessTokenIssuer issuer, TimeProvider time)
    {
        switch (result.Outcome)
        {
            case LoginOutcome.Succeeded:
                var roles = UserResponses.Names(result.Roles);
                var access = issuer.Issue(result.UserId, result.SessionId, roles);
                http.Response.Headers.CacheControl = "no-store";
                return Results.Ok(new TokenResponse(
                    access.Token, "Bearer", (int)(access.ExpiresAt - time.GetUtcNow()).TotalSeconds, result.RefreshToken!, result.UserId, roles));
            case LoginOutcome.LockedOut:
                return Problems.TooManyRequests(
                    http, result.RetryAfter ?? result.LockedUntil!.Value - time.GetUtcNow(), ProblemTypes.LoginLocked,
                    "Too many failed sign-ins: this account is locked for a while.");
            case LoginOutcome.InvalidInput:
                return Problems.Validation(result.Errors);
            case LoginOutcome.TokenReused:
            case LoginOutcome.InvalidCredentials when http.Request.Path.Value!.EndsWith("/refresh", StringComparison.Ordinal):
                return InvalidToken();
            default:
                // One answer for unknown email and wrong password alike.
                return Problems.Of(StatusCodes.Status401Unauthorized, ProblemTypes.InvalidCredentials, "The email or password is wrong.");
        }
    }

    private static IResult InvalidToken() =>
        Problems.Of(StatusCodes.Status401Unauthorized, ProblemTypes.InvalidToken, "The refresh token is not valid; sign in again.");
}
