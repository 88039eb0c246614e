using System.Globalization;
using System.Security.Claims;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Payments;

/// <summary>/api/payments: my wallet and its top-ups. A user reaches only their own wallet: the id is the token's.</summary>
public static class PaymentEndpoints
{
    private const int DefaultEntriesLimit = 20;

    public static RouteGroupBuilder MapPaymentsApi(this RouteGroupBuilder payments)
    {
        payments.MapGet("/wallet", WalletAsync)
            .WithName("getMyWallet").WithSummary("Read my wallet")
            .WithDescription("Available, held (escrow for accepted shifts) and pending payout, in KRW, as the ledger holds them, and the points paid shifts earned.")
            .Produces<WalletPageResponse>();
        payments.MapGet("/wallet/entries", EntriesAsync)
            .WithName("listMyWalletEntries").WithSummary("List my account's postings, newest first")
            .WithDescription("A page at a time; page on with nextBefore.")
            .WithParameters(
                DocumentedParameter.Query("account", JsonSchemaType.String,
                    "employer-available (default), employer-held, worker-available or worker-pending-payout."),
                DocumentedParameter.Query("before", JsonSchemaType.Integer, "The nextBefore of the previous page.", "int64"),
                DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"Page size, 1 to 100 (default {DefaultEntriesLimit}).", "int32"))
            .Produces<WalletEntriesResponse>().ProducesValidationProblem();
        payments.MapGet("/reconciliation/daily", async (IGrainFactory grains) =>
                Results.Ok((await grains.Reference<IDailyReconciliationGrain>(0).Reports()).Select(ReconciliationResponse.From)))
            .RequireAuthorization(Policies.Admin)
            .WithName("listDailyReconciliations").WithSummary("List the daily reconciliations, newest day first")
            .WithDescription("Each Korean business day is reconciled by a reminder once it has closed; the last 62 reports are kept.")
            .Produces<ReconciliationResponse[]>();
        payments.MapGet("/reconciliation/{day}", ReconcileAsync).RequireAuthorization(Policies.Admin)
            .WithName("reconcilePayments").WithSummary("Hold a day's provider settlement report against the ledger")
            .WithDescription("day: a Korean business day, yyyy-MM-dd. Lists each movement the provider and the ledger disagree on.")
            .Produces<ReconciliationResponse>().ProducesValidationProblem();
        payments.MapGet("/ledger/verify", VerifyLedgerAsync).RequireAuthorization(Policies.Admin)
            .WithName("verifyLedger").WithSummary("Verify the whole ledger")
            .WithDescription("Every transaction balances, every balance equals its postings, no account is negative that may not be, " +
                "and all balances sum to zero; names the first discrepancy.")
            .Produces<LedgerVerificationResponse>();
        payments.MapPost("/top-ups", StartTopUpAsync).RequireAuthorization(Policies.Employer)
            .WithName("startTopUp").WithSummary("Start funding my wallet through the payment provider")
            .WithDescription("Opens an order at the provider, which the customer approves there and then confirms here. Idempotency-Key is " +
                "required: a retry with the same key and amount answers the same order (completed, once it is); the same key with another " +
                "amount is 422 idempotency-key-reused.")
            .WithParameters(IdempotencyKeys.Parameter("the same top-up", required: true))
            .Produces<TopUpResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        payments.MapGet("/top-ups/{orderId:guid}", TopUpAsync).RequireAuthorization(Policies.Employer)
            .WithName("getTopUp").WithSummary("Read where my top-up stands")
            .WithDescription("awaiting-approval, completed (with the wallet) or given-up; another user's order is 404.")
            .Produces<TopUpResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        payments.MapGet("/wallets/{userId:guid}", AnyWalletAsync).RequireAuthorization(Policies.Admin)
            .WithName("getWallet").WithSummary("Read any user's wallet")
            .WithDescription("What the user sees at /api/payments/wallet; a user nothing was ever posted for has an empty wallet.")
            .Produces<WalletPageResponse>();
        payments.MapPost("/top-ups/{orderId:guid}/confirm", ConfirmTopUpAsync).RequireAuthorization(Policies.Employer)
            .WithName("confirmTopUp").WithSummary("Confirm an approved top-up")
            .WithDescription("Takes the payment the customer approved at the provider (its payment key, and the top-up's amount) and funds " +
                "the wallet. Confirming a completed top-up again answers it and moves nothing more.")
            .Produces<TopUpResponse>()
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return payments;
    }

    private static async Task<IResult> EntriesAsync(string? account, string? before, string? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new List<FieldError>();
        var size = DefaultEntriesLimit;
        if (limit is not null && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            errors.Add(new FieldError("limit", "A whole number from 1 to 100."));
        }

        long? from = null;
        if (before is not null)
        {
            from = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            if (from is null)
            {
                errors.Add(new FieldError("before", "The nextBefore of the previous page."));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await grains.Reference<IWalletGrain>(user.UserId()).Entries(account ?? "employer-available", from, size);
        return result.Outcome == PaymentOutcome.Ok
            ? Results.Ok(new WalletEntriesResponse([.. result.Page!.Items.Select(WalletEntryResponse.From)], result.Page.NextBefore))
            : Problems.Validation(result.Errors);
    }

    private static async Task<IResult> ReconcileAsync(string day, IGrainFactory grains) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? Results.Ok(ReconciliationResponse.From(await grains.Reference<IReconciliationGrain>(0).Reconcile(parsed)))
            : Problems.Validation([new FieldError("day", "A date, yyyy-MM-dd.")]);

    private static async Task<IResult> VerifyLedgerAsync(IGrainFactory grains) =>
        Results.Ok(LedgerVerificationResponse.From(await grains.Reference<ILedgerAdminGrain>(0).Verify()));

    private static Task<IResult> WalletAsync(ClaimsPrincipal user, IGrainFactory grains) => WalletPageAsync(user.UserId(), grains);

    /// <summary>The two domains' parts of a wallet page, read at once.</summary>
    private static async Task<IResult> WalletPageAsync(Guid userId, IGrainFactory grains)
    {
        var balances = grains.Reference<IWalletGrain>(userId).Balances();
        var profile = grains.Reference<IUserGrain>(userId).GetPrivate();
        return Results.Ok(WalletPageResponse.From(await balances, (await profile)?.Points ?? 0));
    }

    private static async Task<IResult> StartTopUpAsync(HttpRequest http, TopUpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IdempotencyKeys.TryReadRequired(http, "a top-up moves money.", out var key, out var invalid))
        {
            return invalid;
        }

        // The amount is the whole body, and the wallet compares it on a retry: that is this key's fingerprint.
        var result = await grains.Reference<IWalletGrain>(user.UserId()).StartTopUp(request.AmountKrw, key);
        return result.Outcome == PaymentOutcome.Ok
            ? Results.Created($"/api/payments/top-ups/{result.OrderId}", TopUpResponse.From(result))
            : ProblemFor(result);
    }

    private static async Task<IResult> TopUpAsync(Guid orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.Reference<IWalletGrain>(user.UserId()).TopUp(orderId);
        return result.Outcome == PaymentOutcome.Ok ? Results.Ok(TopUpResponse.From(result)) : ProblemFor(result);
    }

    private static Task<IResult> AnyWalletAsync(Guid userId, IGrainFactory grains) => WalletPageAsync(userId, grains);

    private static async Task<IResult> ConfirmTopUpAsync(Guid orderId, ConfirmTopUpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.Reference<IWalletGrain>(user.UserId()).ConfirmTopUp(orderId, request.PaymentKey ?? "", request.AmountKrw);
        return result.Outcome == PaymentOutcome.Ok ? Results.Ok(TopUpResponse.From(result)) : ProblemFor(result);
    }

    private static IResult ProblemFor(TopUpResult result) =>
        PaymentProblems.For(result.Outcome, result.Detail, result.Errors, (ProblemTypes.TopUpNotFound, "No such top-up."));
}
