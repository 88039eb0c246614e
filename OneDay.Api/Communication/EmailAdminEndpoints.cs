using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Api.Communication;

/// <summary>/api/communication/emails: the emails the outboxes gave up on, for admins to read and send again.</summary>
public static class EmailAdminEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 500;

    public static RouteGroupBuilder MapEmailAdminApi(this RouteGroupBuilder communication)
    {
        var emails = communication.MapGroup("/emails").RequireAuthorization(Policies.Admin);
        emails.MapGet("/dead-letters", ListAsync)
            .WithName("listEmailDeadLetters").WithSummary("List the emails given up on, newest first")
            .WithParameters(DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"1 to {MaxLimit} (default {DefaultLimit}).", "int32"))
            .Produces<EmailDeadLettersResponse>().ProducesValidationProblem();
        emails.MapPost("/dead-letters/{userId:guid}/{emailId:guid}/redrive", RedriveAsync)
            .WithName("redriveEmail").WithSummary("Send a dead-lettered email again")
            .WithDescription("It goes back to its user's outbox with a fresh count of attempts.")
            .Produces<EmailRedrivenResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        return communication;
    }

    private static async Task<IResult> ListAsync(string? limit, IGrainFactory grains)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
            || size is < 1 or > MaxLimit))
        {
            return Problems.Validation(new FieldErrors().Add("limit", $"Must be from 1 to {MaxLimit}."));
        }

        var items = await grains.Reference<IEmailDeadLettersGrain>(0).List(size);
        return Results.Ok(new EmailDeadLettersResponse([.. items.Select(EmailDeadLetterResponse.From)]));
    }

    private static async Task<IResult> RedriveAsync([FromRoute] Guid userId, [FromRoute] Guid emailId, IGrainFactory grains) =>
        await grains.Reference<IEmailOutboxGrain>(userId).Redrive(emailId)
            ? Results.Accepted(value: new EmailRedrivenResponse(userId, emailId))
            : Problems.NotFound("The dead-lettered email");
}

public sealed record EmailRedrivenResponse(Guid UserId, Guid EmailId);

public sealed record EmailDeadLettersResponse(IReadOnlyList<EmailDeadLetterResponse> Items);

/// <param name="Reason">The last failure, as the mail server or the transport gave it.</param>
public sealed record EmailDeadLetterResponse(
    Guid UserId, Guid EmailId, string Kind, Guid? JobId, int Attempts, string Reason, DateTimeOffset OccurredAt, DateTimeOffset FailedAt)
{
    public static EmailDeadLetterResponse From(EmailDeadLetter d) =>
        new(d.UserId, d.Email.Id, d.Email.Kind, d.Email.JobId, d.Attempts, d.Reason, d.Email.OccurredAt, d.FailedAt);
}
