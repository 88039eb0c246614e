using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Users;

[GenerateSerializer, Alias("oneday.users.worker-schedule-state")]
public sealed class WorkerScheduleState
{
    [Id(0)] public Dictionary<Guid, ShiftReservation> Shifts { get; set; } = [];
    [Id(1)] public HashSet<Guid> NoShowJobs { get; set; } = [];
    [Id(2)] public HashSet<Guid> CompletedJobs { get; set; } = [];
}

/// <summary>
/// The worker's accepted shifts. Reservations are checked and written here, one at a time, with the
/// storage ETag guarding against a duplicate activation: two overlapping shifts can never both be held.
/// </summary>
[DomainPlacement(Domains.Users)]
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

        // [start, end) intervals: a shift ending at 12:00 does not overlap one starting at 12:00.
        var overlap = S.Shifts.Values.FirstOrDefault(s => s.StartsAt < shift.EndsAt && shift.StartsAt < s.EndsAt);
        if (overlap is not null)
        {
            return new ReserveResult(ReserveOutcome.Conflict, overlap.JobId);
        }

        S.Shifts[shift.JobId] = shift;
        await WriteAsync();
        return new ReserveResult(ReserveOutcome.Reserved, null);
    }

    public async Task Release(Guid jobId)
    {
        if (S.Shifts.Remove(jobId))
        {
            await WriteAsync();
        }
    }

    public async Task RecordNoShow(Guid jobId)
    {
        var released = S.Shifts.Remove(jobId);
        if (S.NoShowJobs.Add(jobId) || released)
        {
            await WriteAsync();
        }
    }

    public async Task RecordCompleted(Guid jobId)
    {
        if (S.CompletedJobs.Add(jobId))
        {
            await WriteAsync();
        }
    }

    public Task<WorkerScheduleView> Get() => Task.FromResult(new WorkerScheduleView(
        this.GetPrimaryKey(), [.. S.Shifts.Values.OrderBy(s => s.StartsAt)], S.NoShowJobs.Count, S.CompletedJobs.Count));

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
