using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

[GenerateSerializer, Alias("oneday.communication.shift-reminders-state")]
public sealed class ShiftRemindersState
{
    [Id(0)] public Guid JobId { get; set; }
    [Id(1)] public Guid WorkerId { get; set; }
    [Id(2)] public Guid EmployerId { get; set; }
    [Id(3)] public DateTimeOffset StartsAt { get; set; }
    [Id(4)] public bool StartingSoonDone { get; set; }
    [Id(5)] public bool CheckInDone { get; set; }

    public bool Scheduled => JobId != Guid.Empty;

    public bool Finished => StartingSoonDone && CheckInDone;
}

/// <summary>
/// Communication's own timer over an accepted shift, by reminder, so a silo lost in between delays a reminder and
/// never drops it. Times are the job clock's, the same the job starts by.
/// </summary>
[DomainPlacement(Domains.Communication)]
public sealed class ShiftRemindersGrain(
    [PersistentState("shift-reminders", Domains.Communication)] IPersistentState<ShiftRemindersState> state,
    JobClock clock) : Grain, IShiftRemindersGrain, IRemindable
{
    private const string ReminderName = "shift";

    private ShiftRemindersState S => state.State;

    public async Task Schedule(Guid jobId, Guid workerId, Guid employerId, DateTimeOffset startsAt)
    {
        if (S.Scheduled)
        {
            return;
        }

        (S.JobId, S.WorkerId, S.EmployerId, S.StartsAt) = (jobId, workerId, employerId, startsAt);
        await state.WriteStateAsync();
        await Tick();
    }

    public async Task Tick()
    {
        if (!S.Scheduled || S.Finished)
        {
            await StopReminderAsync();
            return;
        }

        var now = clock.UtcNow;
        if (!S.StartingSoonDone && now >= S.StartsAt - ShiftReminders.Before)
        {
            // Past the start it is no longer news; the missing check-in says what matters then.
            if (now < S.StartsAt && await StatusAsync() is ApplicationStatus.Accepted or ApplicationStatus.CheckedIn)
            {
                await SendAsync(NotificationKinds.ShiftStartingSoon, S.WorkerId, S.EmployerId);
            }

            S.StartingSoonDone = true;
            await state.WriteStateAsync();
        }

        if (!S.CheckInDone && now >= S.StartsAt)
        {
            if (await StatusAsync() is ApplicationStatus.Accepted)
            {
                await SendAsync(NotificationKinds.CheckInMissing, S.WorkerId, S.EmployerId);
                await SendAsync(NotificationKinds.CheckInMissing, S.EmployerId, S.WorkerId);
            }

            S.CheckInDone = true;
            await state.WriteStateAsync();
        }

        if (S.Finished)
        {
            await StopReminderAsync();
            return;
        }

        var due = (S.StartingSoonDone ? S.StartsAt : S.StartsAt - ShiftReminders.Before) - now;
        // A reminder repeats until stopped: if a tick fails, the next period sends what is still owed.
        await this.RegisterOrUpdateReminder(ReminderName, due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due, TimeSpan.FromMinutes(5));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Tick();

    private async Task<ApplicationStatus?> StatusAsync() =>
        (await GrainFactory.Reference<IJobGrain>(S.JobId).ApplicationOf(S.WorkerId))?.Status;

    private Task<bool> SendAsync(string kind, Guid recipient, Guid counterpart) =>
        GrainFactory.Reference<INotificationInboxGrain>(recipient).Deliver(new NewNotification(
            ShiftReminders.NotificationId(S.JobId, S.WorkerId, kind, recipient), kind, clock.UtcNow, S.JobId, counterpart));

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
