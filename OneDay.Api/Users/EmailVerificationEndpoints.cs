using System.Security.Claims;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Users;

/// <summary>
/// /api/users/email-verification: the link emailed at registration proves the address is the user's. The link
/// is a GET (what a mail client opens); API clients may POST the token instead.
/// </summary>
public static class EmailVerificationEndpoints
{
    public static RouteGroupBuilder MapEmailVerificationApi(this RouteGroupBuilder users)
    {
        users.MapGet("/email-verification", (string? token, IGrainFactory grains) => VerifyAsync(token, grains))
            .AllowAnonymous().RequireRateLimiting(SecuritySetup.AuthRateLimitPolicy)
            .WithName("verifyEmailByLink").WithSummary("Verify my email address with the emailed link")
            .WithDescription("The link's token is signed and expires; opening it again after success changes nothing.")
            .WithParameters(DocumentedParameter.Query("token", JsonSchemaType.String, "The token from the emailed link."))
            .Produces<EmailVerifiedResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapPost("/email-verification", (EmailVerificationRequest request, IGrainFactory grains) => VerifyAsync(request.Token, grains))
            .AllowAnonymous().RequireRateLimiting(SecuritySetup.AuthRateLimitPolicy)
            .WithName("verifyEmail").WithSummary("Verify my email address with the token from the emailed link")
            .Produces<EmailVerifiedResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapPost("/me/email-verification", RequestAsync)
            .WithName("requestEmailVerification").WithSummary("Email me a new verification link")
            .WithDescription("At most one a minute; the links sent before stay good until they expire.")
            .Produces<VerificationRequestedResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return users;
    }

    private static async Task<IResult> VerifyAsync(string? token, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > EmailVerificationRequest.MaxTokenLength)
        {
            return Problems.Validation(new FieldErrors().Add("token", "Required: the token from the emailed link."));
        }

        var result = await grains.Reference<IEmailVerificationGrain>(0).Verify(token);
        return result.Outcome switch
        {
            EmailVerificationOutcome.Verified or EmailVerificationOutcome.AlreadyVerified =>
                Results.Ok(new EmailVerifiedResponse(result.UserId!.Value, result.Outcome == EmailVerificationOutcome.AlreadyVerified)),
            EmailVerificationOutcome.Expired => Problems.Of(
                StatusCodes.Status422UnprocessableEntity, ProblemTypes.VerificationLinkExpired, "The verification link has expired.",
                "Sign in and ask for a new one (POST /api/users/me/email-verification)."),
            EmailVerificationOutcome.NotFound => Problems.NotFound("The account"),
            _ => Problems.Of(
                StatusCodes.Status400BadRequest, ProblemTypes.InvalidVerificationLink, "The verification link is not valid.",
                "Use the newest link we sent to your current address."),
        };
    }

    private static async Task<IResult> RequestAsync(ClaimsPrincipal principal, HttpContext http, IGrainFactory grains)
    {
        var result = await grains.Reference<IUserGrain>(principal.UserId()).RequestEmailVerification();
        return result.Outcome switch
        {
            VerificationRequestOutcome.Sent => Results.Accepted(value: new VerificationRequestedResponse(true)),
            VerificationRequestOutcome.AlreadyVerified => Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.EmailAlreadyVerified, "Your email address is already verified."),
            VerificationRequestOutcome.TooSoon => Problems.TooManyRequests(
                http, result.RetryAfter ?? TimeSpan.FromMinutes(1), ProblemTypes.TooManyRequests, "A link was sent moments ago."),
            _ => Problems.NotFound("The account"),
        };
    }
}

public sealed record EmailVerificationRequest(string? Token = null)
{
    /// <summary>Far above a real token's length (about a hundred characters); anything longer is not one.</summary>
    public const int MaxTokenLength = 512;
}

/// <param name="AlreadyVerified">True when the address had been verified before (the link was opened again).</param>
public sealed record EmailVerifiedResponse(Guid UserId, bool AlreadyVerified);

public sealed record VerificationRequestedResponse(bool Sent);
