using System.Security.Cryptography;
using System.Text;

namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// The reminders of one accepted worker's shift (key <see cref="ShiftReminders.Key"/>): that it starts soon, and
/// that it started without their check-in. Each is sent at most once, and only if the job still holds the worker
/// then: a withdrawn, rejected or cancelled assignment reminds nobody.
/// </summary>
[Alias("oneday.communication.IShiftRemindersGrain")]
public interface IShiftRemindersGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: an acceptance announced twice schedules once.</summary>
    [Alias("schedule")]
    Task Schedule(Guid jobId, Guid workerId, Guid employerId, DateTimeOffset startsAt);

    /// <summary>Sends what is due by the job clock; the grain's reminder calls it, and so may anyone.</summary>
    [Alias("tick")]
    Task Tick();
}

public static class ShiftReminders
{
    public static readonly TimeSpan Before = TimeSpan.FromHours(1);

    public static string Key(Guid jobId, Guid workerId) => $"{jobId:N}/{workerId:N}";

    /// <summary>One id per reminder and recipient, so a reminder fired twice is stored once.</summary>
    public static Guid NotificationId(Guid jobId, Guid workerId, string kind, Guid recipientId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"shift-reminder|{jobId:N}|{workerId:N}|{kind}|{recipientId:N}")).AsSpan(0, 16));
}
