using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Matching;

[GenerateSerializer, Alias("oneday.matching.reputation-state")]
public sealed class ReputationState
{
    [Id(0)] public Reputation Reputation { get; set; } = Reputation.None;

    /// <summary>The events already counted: the job consumer that sends them retries after a failure.</summary>
    [Id(1)] public ProcessedEventWindow Counted { get; set; } = new();
}

/// <summary>
/// One user's reputation, counted from job events once each. A worker's profile grain is told when theirs changes, and
/// an employer's new record goes to the employer-records read model.
/// </summary>
[DomainPlacement(Domains.Matching), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class ReputationGrain(
    [PersistentState("reputation", Domains.Matching)] IPersistentState<ReputationState> state) : Grain, IReputationGrain
{
    public async Task Record(Guid eventId, ReputationSignal signal, double value)
    {
        if (!state.State.Counted.Contains(eventId))
        {
            Count(signal, value);
            state.State.Counted.Add(eventId);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Memory is ahead of storage: the next activation reads what was stored, and the sender retries.
                DeactivateOnIdle();
                throw;
            }
        }

        // Also for a signal counted before: the sender retries when this failed, the first time, after the count.
        var id = this.GetPrimaryKey();
        if (signal is ReputationSignal.RatedAsEmployer or ReputationSignal.AcceptedShiftCancelled or ReputationSignal.PaidOnTime or ReputationSignal.PaidLate)
        {
            await GrainFactory.Reference<IEmployerRecordsGrain>(EmployerRecords.ShardOf(id)).Set(id, EmployerRecord.Of(state.State.Reputation));
        }
        else
        {
            // The worker's read-model entry carries their reliability; for anyone without a matching profile this does nothing.
            await GrainFactory.Reference<IMatchingProfileGrain>(id).Refresh();
        }
    }

    public Task<Reputation> Get() => Task.FromResult(state.State.Reputation);

    private void Count(ReputationSignal signal, double value)
    {
        var r = state.State.Reputation;
        state.State.Reputation = signal switch
        {
            ReputationSignal.Rated => r with { RatingCount = r.RatingCount + 1, StarsTotal = r.StarsTotal + (long)value },
            ReputationSignal.LateCancellation => r with { LateCancellations = r.LateCancellations + 1 },
            ReputationSignal.InvitationAnswered => r with
            {
                InvitationsAnswered = r.InvitationsAnswered + 1,
                ResponseMinutesTotal = r.ResponseMinutesTotal + Math.Max(0, value),
            },
            ReputationSignal.AcceptedShiftCancelled => r with { AcceptedShiftsCancelled = r.AcceptedShiftsCancelled + 1 },
            ReputationSignal.ShiftCompleted => r with { ShiftsCompleted = r.ShiftsCompleted + 1 },
            ReputationSignal.NoShow => r with { NoShows = r.NoShows + 1 },
            ReputationSignal.RatedAsEmployer => r with { EmployerRatingCount = r.EmployerRatingCount + 1, EmployerStarsTotal = r.EmployerStarsTotal + (long)value },
            ReputationSignal.PaidOnTime => r with { ShiftsPaidOnTime = r.ShiftsPaidOnTime + (int)value },
            ReputationSignal.PaidLate => r with { ShiftsPaidLate = r.ShiftsPaidLate + (int)value },
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Not a reputation signal."),
        };
    }
}
