using OneDay.Api.Errors;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Api.Jobs;

/// <summary>One HTTP answer per business outcome of the jobs domain.</summary>
public static class JobProblems
{
    public static IResult For(JobOutcome outcome, string? detail = null, FieldError[]? errors = null) => outcome switch
    {
        JobOutcome.Invalid when errors is { Length: > 0 } => Validation(errors),
        JobOutcome.Invalid => Results.Problem(detail, statusCode: 422, title: "The request is not valid here.", type: ProblemTypes.Validation),
        JobOutcome.NotFound => Results.Problem(detail, statusCode: 404, title: "No such job.", type: ProblemTypes.JobNotFound),
        JobOutcome.NotOwner => Results.Problem(detail, statusCode: 403, title: "This is not your job.", type: ProblemTypes.Forbidden),
        JobOutcome.VersionMismatch => Results.Problem(
            detail, statusCode: 412, title: "The job changed since you read it.", type: ProblemTypes.PreconditionFailed),
        JobOutcome.Closed => Results.Problem(detail, statusCode: 409, title: "The job is not open.", type: ProblemTypes.JobClosed),
        JobOutcome.HeadcountFull => Results.Problem(detail, statusCode: 409, title: "Every slot is taken.", type: ProblemTypes.HeadcountFull),
        JobOutcome.AlreadyApplied => Results.Problem(
            detail, statusCode: 409, title: "You already applied to this job.", type: ProblemTypes.AlreadyApplied),
        JobOutcome.NoApplication => Results.Problem(
            detail, statusCode: 404, title: "No such application.", type: ProblemTypes.ApplicationNotFound),
        JobOutcome.ScheduleConflict => Results.Problem(
            detail, statusCode: 409, title: "The worker holds an overlapping shift.", type: ProblemTypes.ScheduleConflict),
        JobOutcome.OutsideCheckInWindow => Results.Problem(
            detail, statusCode: 409, title: "Outside the check-in window.", type: ProblemTypes.OutsideCheckInWindow),
        JobOutcome.OutsideRadius => Results.Problem(
            detail, statusCode: 422, title: "Too far from the job's location.", type: ProblemTypes.OutsideCheckInRadius),
        JobOutcome.PositionRequired => Results.Problem(
            detail, statusCode: 422, title: "A position is required.", type: ProblemTypes.PositionRequired),
        JobOutcome.TooManyOpenJobs => Results.Problem(
            detail, statusCode: 409, title: "You have the maximum of open jobs.", type: ProblemTypes.OpenJobsLimit),
        JobOutcome.TooManyApplicants => Results.Problem(
            detail, statusCode: 409, title: "The job takes no more applications.", type: ProblemTypes.ApplicationsLimit),
        JobOutcome.IdempotencyKeyReused => Results.Problem(
            detail, statusCode: 422, title: "The Idempotency-Key was used with a different request.", type: ProblemTypes.IdempotencyKeyReused),
        JobOutcome.WrongState => Results.Problem(
            detail, statusCode: 409, title: "Not possible in the job's current state.", type: ProblemTypes.InvalidJobState),
        JobOutcome.InsufficientFunds => Results.Problem(
            detail, statusCode: 402, title: "The wallet cannot hold the shift's pay.", type: ProblemTypes.InsufficientFunds),
        JobOutcome.PaymentsUnavailable => Problems.Unavailable("Payments are unavailable just now.", detail),
        JobOutcome.AlreadyExists => Results.Problem(detail, statusCode: 409, title: "Already exists.", type: ProblemTypes.Conflict),
        _ => Results.Problem(detail, statusCode: 500, title: "Unexpected outcome.", type: ProblemTypes.Internal),
    };

    public static IResult Validation(IEnumerable<FieldError> errors) => Problems.Validation(errors);

    public static IResult Validation(string field, string message) => Validation([new FieldError(field, message)]);
}
