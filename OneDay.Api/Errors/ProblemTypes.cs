namespace OneDay.Api.Errors;

/// <summary>
/// Stable problem "type" URIs (RFC 9457). Clients switch on these, never on the human-readable title,
/// so they must not change once published.
/// </summary>
public static class ProblemTypes
{
    private const string Base = "https://oneday.dev/problems/";

    public const string BadRequest = Base + "bad-request";
    public const string Validation = Base + "validation";
    public const string MalformedJson = Base + "malformed-json";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string TooManyRequests = Base + "too-many-requests";
    public const string Unavailable = Base + "unavailable";
    public const string Internal = Base + "internal";
    public const string EmailTaken = Base + "email-taken";
    public const string InvalidCredentials = Base + "invalid-credentials";
    public const string InvalidToken = Base + "invalid-token";
    public const string LoginLocked = Base + "login-locked";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PreconditionRequired = Base + "precondition-required";
    public const string InvalidVerificationLink = Base + "invalid-verification-link";
    public const string VerificationLinkExpired = Base + "verification-link-expired";
    public const string EmailAlreadyVerified = Base + "email-already-verified";

    // Jobs
    public const string JobNotFound = Base + "job-not-found";
    public const string JobClosed = Base + "job-closed";
    public const string HeadcountFull = Base + "headcount-full";
    public const string AlreadyApplied = Base + "already-applied";
    public const string ApplicationNotFound = Base + "application-not-found";
    public const string ScheduleConflict = Base + "schedule-conflict";
    public const string OutsideCheckInWindow = Base + "outside-checkin-window";
    public const string OutsideCheckInRadius = Base + "outside-checkin-radius";
    public const string PositionRequired = Base + "position-required";
    public const string OpenJobsLimit = Base + "open-jobs-limit";
    public const string ApplicationsLimit = Base + "applications-limit";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string InvalidJobState = Base + "invalid-job-state";
    public const string CategoryNotFound = Base + "category-not-found";
    public const string SearchAreaTooLarge = Base + "search-area-too-large";

    // Matching
    public const string NotACandidate = Base + "not-a-candidate";
    public const string InvitationLimit = Base + "invitation-limit";

    // Payments
    public const string PaymentDeclined = Base + "payment-declined";
    public const string PaymentNotApproved = Base + "payment-not-approved";
    public const string AmountMismatch = Base + "amount-mismatch";
    public const string TopUpNotFound = Base + "top-up-not-found";
    public const string PayoutNotFound = Base + "payout-not-found";
    public const string InsufficientFunds = Base + "insufficient-funds";
    public const string DailyPayoutLimit = Base + "daily-payout-limit";
    public const string BankAccountRequired = Base + "bank-account-required";
    public const string BankAccountUnverified = Base + "bank-account-unverified";

    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status422UnprocessableEntity => Validation,
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        >= 500 => Internal,
        _ => BadRequest,
    };
}
