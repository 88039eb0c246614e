namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>
/// Why an application was closed, as <see cref="ApplicationRejected.Reason"/> and the API's rejection reason carry
/// it. Consumers tell them apart: an employer's own rejection may not be re-applied to, and a cancellation is news
/// to a worker who was accepted.
/// </summary>
public static class RejectionReasons
{
    public const string Employer = "employer";
    public const string ScheduleConflict = "schedule-conflict";
    public const string JobCancelled = "job-cancelled";
    public const string JobStarted = "job-started";
    public const string ShiftEnded = "shift-ended";
    public const string JobCompleted = "job-completed";
}
