using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// Turns pages of the event store into KPI batches, for the live projection and for a replay alike. What a job's
/// later events need of it (category, region, when it was posted) is remembered in the caller's dictionary, and read
/// back from the job's earlier events in the store when the caller has not seen them.
/// </summary>
public sealed class KpiReplay(IEventStore events)
{
    public const int PageSize = 1000;

    /// <param name="position">The sequence the projection has applied up to: the page follows it.</param>
    public async Task<KpiBatch> BatchAsync(IReadOnlyList<StoredEvent> page, long position, Dictionary<Guid, JobKpiContext> jobs)
    {
        var batch = new KpiBatch(position);
        foreach (var stored in page)
        {
            if (EventPayloadJson.Deserialize(stored.Type, stored.PayloadJson) is { } payload)
            {
                if (KpiProjection.JobOf(stored, payload) is { } jobId && !jobs.ContainsKey(jobId))
                {
                    jobs[jobId] = await RecallAsync(jobId, position);
                }

                KpiProjection.Apply(batch, stored, payload, jobs);
            }

            batch.ToPosition = stored.Sequence;
        }

        return batch;
    }

    /// <summary>A job as its events up to <paramref name="position"/> left it (what the projection has already applied).</summary>
    private async Task<JobKpiContext> RecallAsync(Guid jobId, long position)
    {
        var known = new Dictionary<Guid, JobKpiContext>();
        var scratch = new KpiBatch(0);
        long after = 0;
        while (true)
        {
            var page = await events.QueryAsync(new EventQuery(jobId.ToString(), null, null, null, after, PageSize));
            foreach (var stored in page.Items.TakeWhile(e => e.Sequence <= position))
            {
                if (EventPayloadJson.Deserialize(stored.Type, stored.PayloadJson) is { } payload)
                {
                    KpiProjection.Apply(scratch, stored, payload, known);
                }
            }

            if (page.NextAfterSequence is not { } next || next >= position)
            {
                return known.GetValueOrDefault(jobId, JobKpiContext.Missing);
            }

            after = next;
        }
    }
}
