using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Jobs;

/// <summary>The shift itself: check-in and check-out on site, the employer's confirmation, ratings.</summary>
public sealed partial class JobGrain
{
    private static readonly TimeSpan LateCheckOut = TimeSpan.FromHours(2);

    public async Task<ApplicationResult> CheckIn(Guid workerId, ReportedPosition? at)
    {
        await AdvanceAsync();
        if (Missing())
        {
            return ApplicationResult.Fail(JobOutcome.NotFound);
        }

        if (!S.Applications.TryGetValue(workerId, out var application) || !application.HoldsSlot)
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication);
        }

        if (application.Status == ApplicationStatus.CheckedIn)
        {
            return ApplicationResult.Ok(application);
        }

        var details = S.Details!;
        var now = Now;
        var deadline = CheckInDeadline(application);
        if (application.Status != ApplicationStatus.Accepted || now < details.StartsAt - options.EarlyCheckIn
            || now >= deadline || S.Status is not (JobStatus.Open or JobStatus.Filled or JobStatus.InProgress))
        {
            return ApplicationResult.Fail(JobOutcome.OutsideCheckInWindow,
                $"Check in between {details.StartsAt - options.EarlyCheckIn:O} and {deadline:O}.");
        }

        if (OffSite(at) is { } far)
        {
            return far;
        }

        var checkedIn = application with { Status = ApplicationStatus.CheckedIn, CheckedInAt = now };
        S.Applications[workerId] = checkedIn;
        Emit(new WorkerCheckedIn(JobId, workerId, now));
        await CommitAsync();
        return ApplicationResult.Ok(checkedIn);
    }

    public async Task<ApplicationResult> CheckOut(Guid workerId, ReportedPosition? at)
    {
        await AdvanceAsync();
        if (Missing())
        {
            return ApplicationResult.Fail(JobOutcome.NotFound);
        }

        if (!S.Applications.TryGetValue(workerId, out var application) || !application.HoldsSlot)
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication);
        }

        if (application.Status == ApplicationStatus.CheckedOut)
        {
            return ApplicationResult.Ok(application);
        }

        var now = Now;
        if (application.Status != ApplicationStatus.CheckedIn || now > S.Details!.EndsAt + LateCheckOut)
        {
            return ApplicationResult.Fail(JobOutcome.OutsideCheckInWindow, "Check out after checking in and before the shift's end plus two hours.");
        }

        if (OffSite(at) is { } far)
        {
            return far;
        }

        var checkedOut = application with { Status = ApplicationStatus.CheckedOut, CheckedOutAt = now };
        S.Applications[workerId] = checkedOut;
        Emit(new WorkerCheckedOut(JobId, workerId, now));
        await CommitAsync();
        return ApplicationResult.Ok(checkedOut);
    }

    public async Task<JobResult> ConfirmCompletion(Guid employerId, Guid? disputedWorkerId, string? disputeReason)
    {
        if (await CheckOwnerAsync(employerId) is { } denied)
        {
            return denied;
        }

        if (S.Status != JobStatus.InProgress)
        {
            return JobResult.Fail(JobOutcome.WrongState, "Only a job in progress can be confirmed.");
        }

        var attended = S.Applications.Values
            .Where(a => a.Status is ApplicationStatus.CheckedIn or ApplicationStatus.CheckedOut).ToList();
        if (Now < S.Details!.EndsAt && attended.Any(a => a.Status != ApplicationStatus.CheckedOut))
        {
            return JobResult.Fail(JobOutcome.WrongState, "Confirm after the shift ends or once every worker checked out.");
        }

        if (disputedWorkerId is { } disputed)
        {
            if (attended.All(a => a.WorkerId != disputed))
            {
                return JobResult.Invalid([new FieldError("disputedWorkerId", "Not a worker who checked in to this shift.")]);
            }

            if (string.IsNullOrWhiteSpace(disputeReason) || disputeReason.Length > 500)
            {
                return JobResult.Invalid([new FieldError("disputeReason", "Required with a dispute, at most 500 characters.")]);
            }
        }

        CloseShift(disputedWorkerId, disputeReason, automatic: false);
        await CommitAsync();
        await ScheduleLifecycleAsync();
        return JobResult.Ok(View());
    }

    /// <summary>
    /// The shift is over: every worker who came is paid from their escrow, except a disputed one, whose escrow
    /// waits for an admin. By the employer, or by itself once <see cref="AutoConfirmAt"/> passes undisputed.
    /// </summary>
    private void CloseShift(Guid? disputedWorkerId, string? disputeReason, bool automatic)
    {
        var completed = new List<Guid>();
        var disputes = new List<Guid>();
        foreach (var application in S.Applications.Values.Where(a => a.Status is ApplicationStatus.CheckedIn or ApplicationStatus.CheckedOut).ToList())
        {
            var isDisputed = application.WorkerId == disputedWorkerId;
            S.Applications[application.WorkerId] = application with
            {
                Status = isDisputed ? ApplicationStatus.Disputed : ApplicationStatus.Completed,
                RejectionReason = isDisputed ? disputeReason : null,
            };
            (isDisputed ? disputes : completed).Add(application.WorkerId);
            if (!isDisputed)
            {
                S.ScheduleEffects.Add(new ScheduleEffect(application.WorkerId, ScheduleEffectKind.Completed));
                OweRelease(application.WorkerId, EscrowEndKind.Completed);
            }
        }

        // Standbys never taken, and replacements confirmed before they arrived, are done with this job.
        RejectWhere(a => a.IsUndecided || a.Status == ApplicationStatus.Accepted, RejectionReasons.JobCompleted);
        S.Status = JobStatus.Completed;
        S.CompletedAt = Now;
        Emit(new JobCompleted(JobId, [.. completed], [.. disputes], automatic));
    }

    /// <summary>
    /// When an unconfirmed shift confirms itself: <see cref="JobOptions.AutoConfirmAfter"/> after the last
    /// check-out, counting a worker who never checked out as leaving when check-out closed, and never before
    /// the shift's end.
    /// </summary>
    private DateTimeOffset AutoConfirmAt()
    {
        var end = S.Details!.EndsAt;
        foreach (var application in S.Applications.Values)
        {
            var left = application.Status switch
            {
                ApplicationStatus.CheckedOut => application.CheckedOutAt ?? end,
                ApplicationStatus.CheckedIn => S.Details.EndsAt + LateCheckOut,
                _ => end,
            };
            end = left > end ? left : end;
        }

        return end + options.AutoConfirmAfter;
    }

    public async Task<JobResult> Rate(Guid raterId, Guid subjectId, int stars, string comment)
    {
        await AdvanceAsync();
        if (Missing())
        {
            return JobResult.Fail(JobOutcome.NotFound);
        }

        if (S.Status != JobStatus.Completed)
        {
            return JobResult.Fail(JobOutcome.WrongState, "Ratings open once the employer confirmed the shift.");
        }

        bool Worked(Guid id) => S.Applications.TryGetValue(id, out var a)
            && a.Status is ApplicationStatus.Completed or ApplicationStatus.Disputed or ApplicationStatus.Resolved;
        var allowed = (raterId == S.EmployerId && Worked(subjectId)) || (Worked(raterId) && subjectId == S.EmployerId);
        if (!allowed)
        {
            return JobResult.Fail(JobOutcome.NotOwner, "Only the employer and the workers of this shift rate each other.");
        }

        if (stars is < 1 or > 5 || comment is null || comment.Length > 1000)
        {
            return JobResult.Invalid([new FieldError("stars", "1 to 5; a comment of at most 1000 characters.")]);
        }

        if (S.Ratings.Any(r => r.RaterId == raterId && r.SubjectId == subjectId))
        {
            return JobResult.Fail(JobOutcome.AlreadyExists, "You already rated this person for this job.");
        }

        var rating = new RatingView(JobId, raterId, subjectId, stars, comment, Now);
        S.Ratings.Add(rating);
        Emit(new ParticipantRated(rating));
        await CommitAsync();
        return JobResult.Ok(View());
    }

    public Task<RatingView[]?> Ratings() => Task.FromResult<RatingView[]?>(Missing() ? null : [.. S.Ratings]);

    private ApplicationResult? OffSite(ReportedPosition? at)
    {
        var details = S.Details!;
        var (verdict, distance) = Geofence.Check(details.Location, details.CheckInRadiusMeters, at);
        return verdict switch
        {
            GeofenceVerdict.Inside => null,
            GeofenceVerdict.Missing => ApplicationResult.Fail(JobOutcome.PositionRequired,
                "This job checks attendance on site: send your position {latitude, longitude, accuracyMeters?}."),
            GeofenceVerdict.Invalid => ApplicationResult.Fail(JobOutcome.Invalid,
                "The position is not a valid coordinate, or its accuracy is not a non-negative number of metres."),
            _ => ApplicationResult.Fail(JobOutcome.OutsideRadius,
                $"You are {Math.Round(distance)} m from the job; check in within {details.CheckInRadiusMeters} m."),
        };
    }
}
