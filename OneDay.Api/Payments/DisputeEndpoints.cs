using System.Security.Claims;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.Jobs;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Api.Payments;

/// <param name="Decision">release (the worker is paid in full), refund (the employer gets everything back) or split.</param>
/// <param name="WorkerPayKrw">With split only: the part of the shift's wage the worker is paid.</param>
public sealed record ResolveDisputeRequest(string? Decision = null, long? WorkerPayKrw = null, string? Reason = null);

/// <summary>/api/payments/disputes: an admin decides where a disputed shift's escrow goes.</summary>
public static class DisputeEndpoints
{
    public static RouteGroupBuilder MapDisputesApi(this RouteGroupBuilder payments)
    {
        payments.MapPost("/disputes/{jobId:guid}/{workerId:guid}/resolution", ResolveAsync).RequireAuthorization(Policies.Admin)
            .WithName("resolveDispute").WithSummary("Resolve a disputed shift: release, refund or split its escrow")
            .WithDescription("A reason is required and the decision is audited. The escrow is released at once; the worker's wallet shows it.")
            .Produces<ApplicationResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return payments;
    }

    private static async Task<IResult> ResolveAsync(
        Guid jobId, Guid workerId, ResolveDisputeRequest request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        DisputeDecision? decision = request.Decision switch
        {
            "release" => DisputeDecision.Release,
            "refund" => DisputeDecision.Refund,
            "split" => DisputeDecision.Split,
            _ => null,
        };
        if (decision is null)
        {
            return Problems.Validation([new FieldError("decision", "release, refund or split.")]);
        }

        var result = await grains.Reference<IJobGrain>(jobId).ResolveDispute(
            user.UserId(), workerId, decision.Value, request.WorkerPayKrw ?? 0, request.Reason ?? "", http.Caller());
        return result is { Outcome: JobOutcome.Ok, Application: { } application }
            ? Results.Ok(application.ToResponse())
            : JobProblems.For(result.Outcome, result.Detail);
    }
}
