using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// The KPIs' reading of one event, the same for the live projection and a replay: which day, category and region it
/// counts in, what it adds there and to its employer's funnel, and who it shows active.
/// </summary>
public static class KpiProjection
{
    /// <summary>The job whose context an event needs, if any.</summary>
    public static Guid? JobOf(StoredEvent stored, IDomainEventPayload payload) => payload switch
    {
        JobCreated => null,
        PaymentCompleted paid => paid.JobId,
        EmployerReplied replied => replied.JobId,
        _ when stored.Type.StartsWith("jobs.", StringComparison.Ordinal) && Guid.TryParse(stored.AggregateId, out var id) => id,
        _ => null,
    };

    /// <param name="jobs">What is known of each job so far; updated by the job's own events.</param>
    public static void Apply(KpiBatch batch, StoredEvent stored, IDomainEventPayload payload, IDictionary<Guid, JobKpiContext> jobs)
    {
        var day = KpiCalendar.DayOf(stored.OccurredAt);
        if (payload is JobCreated created)
        {
            var posted = JobKpiContext.Posted(created, stored.OccurredAt);
            jobs[created.JobId] = posted;
            batch.Cell(day, posted.Category, posted.Region).JobsPosted++;
            batch.Employer(created.EmployerId).JobsPosted++;
            batch.Active.Add((day, KpiBatch.EmployerRole, created.EmployerId));
            return;
        }

        if (payload is PayoutCompleted payout)
        {
            batch.Cell(day, KpiBatch.NoJob, KpiBatch.NoJob).PaidOutKrw += payout.AmountKrw;
            return;
        }

        if (JobOf(stored, payload) is not { } jobId)
        {
            return;
        }

        var job = jobs.TryGetValue(jobId, out var known) ? known : JobKpiContext.Missing;
        // Only events that count make a cell: the edit and the check-ins below add nothing to one.
        KpiCounters Cell() => batch.Cell(day, job.Category, job.Region);
        switch (payload)
        {
            case JobUpdated updated:
                jobs[jobId] = job.Edited(updated.Details);
                break;
            case JobFilled when !job.Filled:
                Cell().JobsFilled++;
                if (job.PostedAt is { } postedAt)
                {
                    Cell().FillMinutes[KpiDurations.BucketOf(stored.OccurredAt - postedAt)]++;
                }

                jobs[jobId] = job with { Filled = true };
                break;
            case JobCompleted completed:
                Cell().JobsCompleted++;
                Cell().ShiftsWorked += completed.CompletedWorkers.Length;
                batch.Employer(job.EmployerId).ShiftsWorked += completed.CompletedWorkers.Length;
                break;
            case JobCancelled:
                Cell().JobsCancelled++;
                break;
            case JobExpired:
                Cell().JobsExpired++;
                break;
            case ApplicationSubmitted applied:
                Cell().Applications++;
                batch.Employer(applied.EmployerId).Applications++;
                batch.Active.Add((day, KpiBatch.WorkerRole, applied.WorkerId));
                break;
            case ApplicationAccepted accepted:
                Cell().AcceptedApplications++;
                Cell().EscrowedKrw += accepted.HeldKrw;
                batch.Employer(accepted.EmployerId).AcceptedApplications++;
                batch.Active.Add((day, KpiBatch.EmployerRole, accepted.EmployerId));
                break;
            case WorkerNoShow:
                Cell().NoShows++;
                batch.Employer(job.EmployerId).NoShows++;
                break;
            case WorkerCheckedIn checkedIn:
                batch.Active.Add((day, KpiBatch.WorkerRole, checkedIn.WorkerId));
                break;
            case WorkerCheckedOut checkedOut:
                batch.Active.Add((day, KpiBatch.WorkerRole, checkedOut.WorkerId));
                break;
            case PaymentCompleted paid:
                Cell().SettledKrw += paid.NetPayKrw + paid.WithheldKrw;
                Cell().RevenueKrw += paid.FeeKrw;
                batch.Employer(paid.EmployerId).SpentKrw += paid.NetPayKrw + paid.WithheldKrw + paid.FeeKrw;
                break;
            case EmployerReplied replied:
                Cell().ReplyMinutes[KpiDurations.BucketOf(replied.RepliedAt - replied.AskedAt)]++;
                batch.Active.Add((day, KpiBatch.EmployerRole, replied.EmployerId));
                break;
        }
    }
}
