using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Users;

[GenerateSerializer, Alias("oneday.users.worker-schedule-state")]
public sealed class WorkerScheduleState
{
    [Id(0)] public Dictionary<Guid, ShiftReservation> Shifts { get; set; } = [];
    [Id(1)] public HashSet<Guid> NoShowJobs { get; set; } = [];
    [Id(2)] public HashSet<Guid> CompletedJobs { get; set; } = [];
    /// <summary>Applications still open (pending a decision), by job.</summary>
    [Id(3)] public Dictionary<Guid, ShiftReservation> Applications { get; set; } = [];
    /// <summary>Jobs whose application or shift ended otherwise (rejected, withdrawn, cancelled), for the worker's data export.</summary>
    [Id(4)] public HashSet<Guid> EndedJobs { get; set; } = [];
}

/// <summary>
/// The worker's accepted shifts and open applications. Reservations are checked and written here, one at a time, with the
/// storage ETag guarding against a duplicate activation: two overlapping shifts can never both be held.
/// </summary>
[DomainPlacement(Domains.Users), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class WorkerScheduleGrain(
    [PersistentState("worker-schedule", Domains.Users)] IPersistentState<WorkerScheduleState> state) : Grain, IWorkerScheduleGrain
{
    private WorkerScheduleState S => state.State;

    public async Task<ReserveResult> Reserve(ShiftReservation shift)
    {
        if (S.Shifts.ContainsKey(shift.JobId))
        {
            return new ReserveResult(ReserveOutcome.Reserved, null);
        }

        if (Overlapping(shift) is { } conflict)
        {
            return new ReserveResult(ReserveOutcome.Conflict, conflict);
        }

        S.Shifts[shift.JobId] = shift;
        // The application became this shift.
        S.Applications.Remove(shift.JobId);
        await WriteAsync();
        return new ReserveResult(ReserveOutcome.Reserved, null);
    }

    public async Task Release(Guid jobId)
    {
        if (S.Shifts.Remove(jobId) | S.Applications.Remove(jobId))
        {
            S.EndedJobs.Add(jobId);
            await WriteAsync();
        }
    }

    public async Task<ReserveResult> NoteApplication(ShiftReservation shift)
    {
        if (S.Applications.ContainsKey(shift.JobId) || S.Shifts.ContainsKey(shift.JobId))
        {
            return new ReserveResult(ReserveOutcome.Reserved, null);
        }

        if (Overlapping(shift) is { } conflict)
        {
            return new ReserveResult(ReserveOutcome.Conflict, conflict);
        }

        S.Applications[shift.JobId] = shift;
        await WriteAsync();
        return new ReserveResult(ReserveOutcome.Reserved, null);
    }

    public async Task ForgetApplication(Guid jobId)
    {
        if (S.Applications.Remove(jobId))
        {
            S.EndedJobs.Add(jobId);
            await WriteAsync();
        }
    }

    public async Task RecordNoShow(Guid jobId)
    {
        var released = S.Shifts.Remove(jobId) | S.Applications.Remove(jobId);
        if (S.NoShowJobs.Add(jobId) || released)
        {
            await WriteAsync();
        }
    }

    public async Task RecordCompleted(Guid jobId)
    {
        // A worked shift holds its time no longer; kept, the shifts would grow with every one the worker ever worked.
        var released = S.Shifts.Remove(jobId);
        if (S.CompletedJobs.Add(jobId) || released)
        {
            await WriteAsync();
        }
    }

    public Task<WorkerScheduleView> Get() => Task.FromResult(new WorkerScheduleView(
        this.GetPrimaryKey(), [.. S.Shifts.Values.OrderBy(s => s.StartsAt)], S.NoShowJobs.Count, S.CompletedJobs.Count,
        [.. S.Applications.Values.OrderBy(s => s.StartsAt)]));

    public Task<Guid[]> Jobs() => Task.FromResult<Guid[]>(
        [.. S.Shifts.Keys.Concat(S.Applications.Keys).Concat(S.CompletedJobs).Concat(S.NoShowJobs).Concat(S.EndedJobs).Distinct()]);

    /// <summary>The accepted shift overlapping [start, end), if any; a shift ending at 12:00 does not overlap one starting then.</summary>
    private Guid? Overlapping(ShiftReservation shift) =>
        S.Shifts.Values.FirstOrDefault(s => s.StartsAt < shift.EndsAt && shift.StartsAt < s.EndsAt)?.JobId;

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Storage refused (an ETag conflict means another activation wrote): reload before deciding again.
            DeactivateOnIdle();
            throw;
        }
    }
}
