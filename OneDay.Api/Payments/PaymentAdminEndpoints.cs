using System.Security.Claims;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.Jobs;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Api.Payments;

/// <param name="Decision">release (the worker is paid in full), refund (the employer gets everything back) or split.</param>
/// <param name="WorkerPayKrw">With split only: the part of the shift's wage the worker is paid.</param>
public sealed record ResolveDisputeRequest(string? Decision = null, long? WorkerPayKrw = null, string? Reason = null);

/// <param name="AmountKrw">Added to the account; negative: taken from it.</param>
public sealed record AdjustmentRequestBody(Guid? UserId = null, string? Account = null, long? AmountKrw = null, string? Reason = null);

public sealed record AdjustmentResponse(Guid TransactionId, WalletResponse Wallet);

/// <summary>Admins' decisions about money: where a disputed shift's escrow goes, and manual corrections of a balance.</summary>
public static class PaymentAdminEndpoints
{
    public static RouteGroupBuilder MapPaymentAdminApi(this RouteGroupBuilder payments)
    {
        payments.MapPost("/adjustments", AdjustAsync).RequireAuthorization(Policies.Admin)
            .WithName("adjustBalance").WithSummary("Correct a user's balance by hand")
            .WithDescription("Adds amountKrw (negative: takes it) to the user's employer-available or worker-available account, against the " +
                "platform's adjustment account. A reason is required and audited. Idempotency-Key is required: the same key and body " +
                "answer the same adjustment.")
            .WithParameters(IdempotencyKeys.Parameter("the same adjustment", required: true))
            .Produces<AdjustmentResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        payments.MapPost("/disputes/{jobId:guid}/{workerId:guid}/resolution", ResolveAsync).RequireAuthorization(Policies.Admin)
            .WithName("resolveDispute").WithSummary("Resolve a disputed shift: release, refund or split its escrow")
            .WithDescription("A reason is required and the decision is audited. The escrow is released at once; the worker's wallet shows it.")
            .Produces<ApplicationResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return payments;
    }

    private static async Task<IResult> AdjustAsync(HttpRequest http, AdjustmentRequestBody request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IdempotencyKeys.TryReadRequired(http, "an adjustment moves money.", out var key, out var invalid))
        {
            return invalid;
        }

        var result = await grains.Reference<ILedgerAdminGrain>(0).Adjust(new AdjustmentRequest(
            user.UserId(), request.UserId ?? Guid.Empty, request.Account ?? "", request.AmountKrw ?? 0, request.Reason ?? "", key, http.HttpContext.Caller()));
        return result.Outcome == PaymentOutcome.Ok
            ? Results.Created($"/api/payments/wallets/{result.Wallet!.UserId}", new AdjustmentResponse(result.TransactionId!.Value, WalletResponse.From(result.Wallet)))
            : PaymentProblems.For(result.Outcome, result.Detail, result.Errors, (ProblemTypes.NotFound, "Not found."));
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
