using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Security;

namespace OneDay.Grains.Jobs;

/// <summary>
/// The shift's money, which the payments domain keeps: an acceptance holds the pay in escrow before the slot is
/// confirmed, and each way an assignment ends owes its escrow a release, stored in the same write as the ending
/// and replayed until the escrow has it (the release is idempotent per assignment, and the first one stands).
/// </summary>
public sealed partial class JobGrain
{
    private static readonly TimeSpan MoneyRetry = TimeSpan.FromMinutes(1);

    public async Task<ApplicationResult> ResolveDispute(
        Guid adminId, Guid workerId, DisputeDecision decision, long workerWageKrw, string reason, CallerInfo caller)
    {
        await AdvanceAsync();
        if (Missing())
        {
            return ApplicationResult.Fail(JobOutcome.NotFound);
        }

        if (!S.Applications.TryGetValue(workerId, out var application) || application.Status is not (ApplicationStatus.Disputed or ApplicationStatus.Resolved))
        {
            return ApplicationResult.Fail(JobOutcome.NoApplication, "This worker's shift on this job is not disputed.");
        }

        if (application.Status == ApplicationStatus.Resolved)
        {
            return ApplicationResult.Fail(JobOutcome.WrongState, "This dispute is already resolved.");
        }

        var wage = Wage();
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(decision))
        {
            errors.Add(new FieldError("decision", "release, refund or split."));
        }
        else if (decision == DisputeDecision.Split && (workerWageKrw <= 0 || workerWageKrw >= wage))
        {
            errors.Add(new FieldError("workerPayKrw", $"A split pays the worker more than 0 and less than the shift's wage, {wage} KRW."));
        }
        else if (decision != DisputeDecision.Split && workerWageKrw != 0)
        {
            errors.Add(new FieldError("workerPayKrw", "Only a split names the worker's part."));
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            errors.Add(new FieldError("reason", "Required, at most 500 characters."));
        }

        if (errors.Count > 0)
        {
            return new ApplicationResult(JobOutcome.Invalid, null, false, string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }

        var paid = decision switch
        {
            DisputeDecision.Release => wage,
            DisputeDecision.Refund => 0,
            _ => workerWageKrw,
        };
        // Recorded before it takes effect: a decision about someone's pay is never made without its trace.
        await GrainFactory.AuditAsync(AuditActions.DisputeResolved, adminId, workerId, caller,
            $"job {JobId:N}: {decision.ToString().ToLowerInvariant()}, worker paid {paid} of {wage} KRW; {reason}", Now);
        var resolved = application with { Status = ApplicationStatus.Resolved };
        S.Applications[workerId] = resolved;
        OweRelease(workerId, EscrowEndKind.Resolved, paid);
        S.ScheduleEffects.Add(new ScheduleEffect(workerId, ScheduleEffectKind.Completed));
        Emit(new DisputeResolved(JobId, workerId, paid, reason, adminId));
        await CommitAsync();
        return ApplicationResult.Ok(resolved);
    }

    /// <summary>What the employer promised the worker for this shift, the same for its hold and its release.</summary>
    private EscrowTerms Terms(Guid workerId) => new(JobId, S.EmployerId, workerId, S.Details!.Pay, S.Details.StartsAt, S.Details.EndsAt);

    /// <summary>The shift's wage, as the escrow charges it (the pay is fixed once a worker is accepted).</summary>
    private long Wage() => (long)S.Details!.Pay.WageFor(S.Details.EndsAt - S.Details.StartsAt);

    /// <summary>
    /// Holds the assignment's pay; null when the payments domain cannot be reached (the acceptance then stays
    /// half-way, and a retry or the saga holds again: the same assignment never holds twice).
    /// </summary>
    private async Task<EscrowResult?> HoldEscrowAsync(Guid workerId)
    {
        if (!S.Assignments.TryGetValue(workerId, out var assignment))
        {
            // Every acceptance names its escrow in the write that starts it; one without is a bug, never to be paid for.
            throw new InvalidOperationException($"Job {JobId}: the acceptance of worker {workerId} has no escrow.");
        }

        try
        {
            return await GrainFactory.Reference<IEscrowGrain>(assignment).Hold(Terms(workerId));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogEscrowFailed(logger, ex, JobId, workerId);
            return null;
        }
    }

    /// <summary>The worker's assignment ends: its escrow is owed a release, in the write that ends it.</summary>
    private void OweRelease(Guid workerId, EscrowEndKind kind, long workerWageKrw = 0)
    {
        if (S.Assignments.Remove(workerId, out var assignment))
        {
            S.MoneyEffects.Add(new MoneyEffect(workerId, assignment, new EscrowEnd(kind, Now, workerWageKrw)));
        }
    }

    /// <summary>
    /// Releases every escrow owed, in order. A worker paid is told over the payments stream, in a write that also
    /// drops the effect, so the event is emitted once however often the release is replayed. Whatever fails stays
    /// owed, and the lifecycle reminder comes back for it.
    /// </summary>
    private async Task ReleaseOwedEscrowsAsync()
    {
        var paid = false;
        while (S.MoneyEffects.Count > 0)
        {
            var effect = S.MoneyEffects[0];
            EscrowResult released;
            try
            {
                released = await GrainFactory.Reference<IEscrowGrain>(effect.AssignmentId).Release(Terms(effect.WorkerId), effect.End);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogEscrowFailed(logger, ex, JobId, effect.WorkerId);
                break;
            }

            if (released.Outcome != EscrowOutcome.Ok)
            {
                // Terms the escrow cannot charge would be a bug (it held under the same ones): the money stays owed
                // and visible in the log rather than dropped.
                LogEscrowRefused(logger, JobId, effect.WorkerId, released.Detail);
                break;
            }

            S.MoneyEffects.RemoveAt(0);
            if (released.Escrow.WorkerNetKrw + released.Escrow.WithheldKrw > 0)
            {
                var escrow = released.Escrow;
                Emit(new PaymentCompleted(
                    effect.WorkerId, JobId, S.EmployerId, effect.AssignmentId, escrow.WorkerNetKrw, escrow.WithheldKrw, escrow.FeeKrw), effect.WorkerId);
                paid = true;
            }
        }

        if (paid)
        {
            try
            {
                await WriteAsync();
                _ = Events.SendAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The write deactivates the job; the stored state still owes these releases, and replays them.
                LogEscrowFailed(logger, ex, JobId, Guid.Empty);
            }
        }

        if (S.MoneyEffects.Count > 0)
        {
            await ScheduleLifecycleAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the escrow of worker {WorkerId} could not be reached; will retry")]
    private static partial void LogEscrowFailed(ILogger logger, Exception exception, Guid jobId, Guid workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: the escrow of worker {WorkerId} refused its release ({Detail}); it stays owed")]
    private static partial void LogEscrowRefused(ILogger logger, Guid jobId, Guid workerId, string? detail);
}
