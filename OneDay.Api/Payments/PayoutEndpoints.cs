using System.Security.Claims;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Api.Payments;

/// <summary>/api/payments: a worker's bank account and payouts to it. The user is always the token's.</summary>
public static class PayoutEndpoints
{
    public static RouteGroupBuilder MapPayoutsApi(this RouteGroupBuilder payments)
    {
        payments.MapPut("/bank-account", RegisterAsync).RequireAuthorization(Policies.Worker)
            .WithName("registerMyBankAccount").WithSummary("Register the bank account my payouts go to")
            .WithDescription("The bank is asked, through the payment provider, whether the account exists; 422 bank-account-unverified if not.")
            .Produces<BankAccountResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        payments.MapGet("/bank-account", BankAccountAsync).RequireAuthorization(Policies.Worker)
            .WithName("getMyBankAccount").WithSummary("Read the bank account my payouts go to")
            .Produces<BankAccountResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        payments.MapPost("/payouts", RequestAsync).RequireAuthorization(Policies.Worker)
            .WithName("requestPayout").WithSummary("Pay part of my available balance out to my bank account")
            .WithDescription("The amount is pending at once and completes, or fails and comes back, when the provider says so. " +
                "Idempotency-Key is required: the same key and amount answer the same payout.")
            .WithParameters(IdempotencyKeys.Parameter("the same payout", required: true))
            .Produces<PayoutResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        payments.MapGet("/payouts/{payoutId:guid}", PayoutAsync).RequireAuthorization(Policies.Worker)
            .WithName("getPayout").WithSummary("Read where my payout stands")
            .Produces<PayoutResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        return payments;
    }

    private static async Task<IResult> RegisterAsync(BankAccountRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.Reference<IPayoutAccountGrain>(user.UserId())
            .Register(new BankAccount(request.BankCode ?? "", request.AccountNumber ?? "", request.HolderName ?? ""));
        return result.Outcome switch
        {
            PaymentOutcome.Ok => Results.Ok(BankAccountResponse.From(result.Account!)),
            PaymentOutcome.Invalid => Problems.Validation(result.Errors),
            _ => PaymentProblems.For(result.Outcome, null, result.Errors, (ProblemTypes.NotFound, "Not found.")),
        };
    }

    private static async Task<IResult> BankAccountAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.Reference<IPayoutAccountGrain>(user.UserId()).Get() is { } account
            ? Results.Ok(BankAccountResponse.From(account))
            : Problems.NotFound("Bank account");

    private static async Task<IResult> RequestAsync(HttpRequest http, PayoutRequestBody request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IdempotencyKeys.TryReadRequired(http, "a payout moves money.", out var key, out var invalid))
        {
            return invalid;
        }

        var result = await grains.Reference<IWalletGrain>(user.UserId()).RequestPayout(request.AmountKrw, key);
        return result.Outcome == PaymentOutcome.Ok
            ? Results.Created($"/api/payments/payouts/{result.Payout!.PayoutId}", PayoutResponse.From(result))
            : ProblemFor(result);
    }

    private static async Task<IResult> PayoutAsync(Guid payoutId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.Reference<IWalletGrain>(user.UserId()).Payout(payoutId);
        return result.Outcome == PaymentOutcome.Ok ? Results.Ok(PayoutResponse.From(result)) : ProblemFor(result);
    }

    private static IResult ProblemFor(PayoutCommandResult result) =>
        PaymentProblems.For(result.Outcome, result.Detail, result.Errors, (ProblemTypes.PayoutNotFound, "No such payout."));
}
