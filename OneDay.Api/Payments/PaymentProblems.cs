using OneDay.Api.Errors;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Api.Payments;

/// <summary>One HTTP answer per business outcome of the payments domain.</summary>
public static class PaymentProblems
{
    /// <param name="notFound">What a missing thing is called here (a top-up, a payout): its problem type and title.</param>
    public static IResult For(PaymentOutcome outcome, string? detail, FieldError[] errors, (string Type, string Title) notFound) => outcome switch
    {
        PaymentOutcome.Invalid => Problems.Validation(errors),
        PaymentOutcome.IdempotencyKeyReused => Problems.Of(
            StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused, "The Idempotency-Key was used with a different request.", detail),
        PaymentOutcome.PaymentDeclined => Problems.Of(
            StatusCodes.Status402PaymentRequired, ProblemTypes.PaymentDeclined, "The payment provider declined the payment.", detail),
        PaymentOutcome.NotFound => Problems.Of(StatusCodes.Status404NotFound, notFound.Type, notFound.Title, detail),
        PaymentOutcome.NotApproved => Problems.Of(
            StatusCodes.Status409Conflict, ProblemTypes.PaymentNotApproved, "The payment is not approved at the provider yet.", detail),
        PaymentOutcome.AmountMismatch => Problems.Of(
            StatusCodes.Status422UnprocessableEntity, ProblemTypes.AmountMismatch, "The amount is not the top-up's.", detail),
        PaymentOutcome.InsufficientFunds => Problems.Of(
            StatusCodes.Status422UnprocessableEntity, ProblemTypes.InsufficientFunds, "The available balance is too small.", detail),
        PaymentOutcome.DailyLimitExceeded => Problems.Of(
            StatusCodes.Status422UnprocessableEntity, ProblemTypes.DailyPayoutLimit, "The daily payout limit would be exceeded.", detail),
        PaymentOutcome.NoBankAccount => Problems.Of(
            StatusCodes.Status422UnprocessableEntity, ProblemTypes.BankAccountRequired, "No bank account is registered.", detail),
        PaymentOutcome.BankAccountUnverified => Problems.Of(
            StatusCodes.Status422UnprocessableEntity, ProblemTypes.BankAccountUnverified, "The bank does not know this account.", detail ?? errors.FirstOrDefault()?.Message),
        PaymentOutcome.NotAllowed => Problems.Of(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "This account cannot be paid out.", detail),
        _ => Problems.Of(StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "Unexpected outcome."),
    };
}
