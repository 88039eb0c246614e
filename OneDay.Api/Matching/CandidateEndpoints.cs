using System.Globalization;
using System.Security.Claims;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.Jobs;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Api.Matching;

/// <summary>An employer's side of matching, on their job: the workers who fit it, and inviting them.</summary>
public static class CandidateEndpoints
{
    private const int DefaultLimit = 20;

    public static RouteGroupBuilder MapCandidatesApi(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("/{id:guid}/candidates", CandidatesAsync).RequireAuthorization(Policies.Employer)
            .WithName("listCandidates").WithSummary("Workers who fit a job I posted, best first, with why")
            .WithDescription(
                "Workers with a matching profile who break none of the hard rules for this job (within their travel distance, inside " +
                "their availability, at or above their minimum pay, no overlap with their accepted shifts, nobody blocked), ranked by " +
                "the same score they see for the job. Near-equal scores (within steps of " +
                CandidateSpread.Step.ToString(CultureInfo.InvariantCulture) + ") come in an order that differs from job to job, so " +
                "the same few workers are not the only ones shown. Workers who applied are in the applications instead. Public " +
                "profile data only: skills, languages and how they kept their word. 409 once the job takes no more workers.")
            .WithParameters(ListLimits.Parameter(ICandidatesGrain.MaxLimit, DefaultLimit))
            .Produces<CandidateResponse[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapPost("/{id:guid}/invitations", InviteAsync).RequireAuthorization(Policies.Employer)
            .WithName("inviteWorker").WithSummary("Invite a worker to apply to a job I posted")
            .WithDescription(
                "The worker gets a job-invitation notification. 201 for a new invitation; 200 with the existing one if they were " +
                "invited before (they are not told twice). 422 when they are not a candidate for the job (the rules they break are " +
                $"listed), 409 when they applied already, the job is closed, or it has sent {JobInvitations.MaxPerJob} invitations.")
            .Produces<InvitationResponse>(StatusCodes.Status201Created).Produces<InvitationResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapGet("/{id:guid}/invitations", ListInvitationsAsync).RequireAuthorization(Policies.Employer)
            .WithName("listInvitations").WithSummary("The invitations of a job I posted, oldest first")
            .Produces<InvitationResponse[]>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return jobs;
    }

    private static async Task<IResult> CandidatesAsync(Guid id, string? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!ListLimits.TryRead(limit, DefaultLimit, ICandidatesGrain.MaxLimit, out var size, out var invalid))
        {
            return invalid;
        }

        var result = await grains.Reference<ICandidatesGrain>(0).ForJob(id, user.UserId(), size);
        return result.Outcome switch
        {
            CandidatesOutcome.Ok => Results.Ok(result.Items.Select(CandidateResponse.From).ToArray()),
            CandidatesOutcome.NotOwner => JobProblems.For(JobOutcome.NotOwner),
            CandidatesOutcome.Closed => JobProblems.For(JobOutcome.Closed, "Candidates are for jobs that still take workers."),
            _ => JobProblems.For(JobOutcome.NotFound),
        };
    }

    private static async Task<IResult> InviteAsync(Guid id, InviteRequest? request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request?.WorkerId is not { } workerId || workerId == Guid.Empty)
        {
            return Problems.Validation(new FieldErrors().Add("workerId", "The id of the worker to invite."));
        }

        var result = await grains.Reference<IJobMatchingGrain>(id.ToString()).Invite(user.UserId(), workerId);
        return result.Outcome switch
        {
            InviteOutcome.Invited when result.Created =>
                Results.Created($"/api/jobs/{id}/invitations", InvitationResponse.From(result.Invitation!)),
            InviteOutcome.Invited => Results.Ok(InvitationResponse.From(result.Invitation!)),
            InviteOutcome.NotOwner => JobProblems.For(JobOutcome.NotOwner),
            InviteOutcome.Closed => JobProblems.For(JobOutcome.Closed, "Invitations are for jobs that still take workers."),
            InviteOutcome.AlreadyApplied => Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.AlreadyApplied, "The worker applied already.", "Their application is in the job's applications."),
            InviteOutcome.LimitReached => Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.InvitationLimit, "The job has sent all its invitations.",
                $"A job may invite {JobInvitations.MaxPerJob} workers."),
            InviteOutcome.NotACandidate => Problems.Of(
                StatusCodes.Status422UnprocessableEntity, ProblemTypes.NotACandidate, "The worker is not a candidate for this job.",
                result.Broken.Count == 0
                    ? "They have no matching profile."
                    : "It breaks: " + string.Join(", ", result.Broken.Select(RuleName)) + "."),
            _ => JobProblems.For(JobOutcome.NotFound),
        };
    }

    private static async Task<IResult> ListInvitationsAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await grains.Reference<IJobMatchingGrain>(id.ToString()).Invitations(user.UserId()) is { } invitations)
        {
            return Results.Ok(invitations.Select(InvitationResponse.From).ToArray());
        }

        return await grains.Reference<IJobGrain>(id).Get() is null ? JobProblems.For(JobOutcome.NotFound) : JobProblems.For(JobOutcome.NotOwner);
    }

    private static string RuleName(MatchRule rule) => rule switch
    {
        MatchRule.Overlap => "an accepted shift of theirs overlaps it",
        MatchRule.TooFar => "it is beyond their travel distance",
        MatchRule.Unavailable => "it is outside their availability",
        MatchRule.PayTooLow => "it pays below their minimum",
        _ => "one of you blocked the other",
    };
}
