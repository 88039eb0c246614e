namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// What a notification is about. Clients render the words from the kind and its ids, in the user's language, so
/// a stored notification never holds text that could go stale or leak a name after erasure.
/// </summary>
public static class NotificationKinds
{
    /// <summary>To a new user, once, on <c>UserRegistered</c>.</summary>
    public const string Welcome = "welcome";

    /// <summary>To the employer: a worker applied to their job.</summary>
    public const string ApplicationReceived = "application-received";

    /// <summary>To the worker: the employer accepted them for the shift.</summary>
    public const string ApplicationAccepted = "application-accepted";

    /// <summary>To the worker: the employer turned the application down (or released an accepted worker).</summary>
    public const string ApplicationRejected = "application-rejected";

    /// <summary>To the accepted worker, <see cref="ShiftReminders.Before"/> before the shift starts.</summary>
    public const string ShiftStartingSoon = "shift-starting-soon";

    /// <summary>To the worker and the employer: the shift started and the worker has not checked in.</summary>
    public const string CheckInMissing = "check-in-missing";

    /// <summary>To each accepted worker: the employer cancelled the job.</summary>
    public const string ShiftCancelled = "shift-cancelled";

    /// <summary>To the worker: the shift settled and its pay reached their wallet.</summary>
    public const string ShiftPaid = "shift-paid";

    /// <summary>To a worker: a job that fits them was just posted near them (at most a few a day).</summary>
    public const string JobNearby = "job-nearby";

    /// <summary>To a worker: an employer invited them to apply to a job.</summary>
    public const string JobInvitation = "job-invitation";

    public static readonly IReadOnlyList<string> All =
        [Welcome, ApplicationReceived, ApplicationAccepted, ApplicationRejected, ShiftStartingSoon, CheckInMissing, ShiftCancelled, ShiftPaid,
         JobNearby, JobInvitation];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}

public static class NotificationInbox
{
    /// <summary>
    /// Only the newest notifications are kept: an inbox is what a person reads, not an archive, and a bounded inbox
    /// keeps each write small.
    /// </summary>
    public const int Capacity = 200;
}

/// <summary>
/// A notification as its producer hands it to an inbox. <paramref name="Id"/> derives from the event that caused
/// it, so a redelivered event is recognised by the inbox and stored once.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.new-notification")]
public sealed record NewNotification(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] Guid? JobId = null,
    [property: Id(4)] Guid? CounterpartId = null,
    [property: Id(5)] long? AmountKrw = null);

/// <summary>What became of a notification offered under a daily cap.</summary>
[GenerateSerializer, Alias("oneday.communication.capped-delivery")]
public enum CappedDelivery
{
    Delivered = 0,

    /// <summary>It was delivered before (the same id).</summary>
    Repeat = 1,

    /// <summary>The user turned its kind off in the app.</summary>
    TurnedOff = 2,

    /// <summary>The user had the day's share of its kind already.</summary>
    CapReached = 3,
}

/// <summary>A stored notification: <paramref name="Sequence"/> orders an inbox and is the paging cursor.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.inbox-notification")]
public sealed record InboxNotification(
    [property: Id(0)] long Sequence,
    [property: Id(1)] NewNotification Content,
    [property: Id(2)] DateTimeOffset? ReadAt);

/// <summary>Newest first; <paramref name="NextBefore"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.notification-page")]
public sealed record NotificationPage(
    [property: Id(0)] IReadOnlyList<InboxNotification> Items,
    [property: Id(1)] long? NextBefore,
    [property: Id(2)] int UnreadCount);

/// <summary>
/// Which kinds a user wants, per channel. In the in-app inbox a kind not listed is on: a kind added later reaches
/// everyone until they turn it off. By email a kind not listed follows <see cref="EmailKinds.OnByDefault"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.notification-preferences")]
public sealed record NotificationPreferences(
    [property: Id(0)] IReadOnlyDictionary<string, bool> InApp,
    [property: Id(1)] IReadOnlyDictionary<string, bool> Email)
{
    public static readonly NotificationPreferences Default = new(
        new Dictionary<string, bool>(StringComparer.Ordinal), new Dictionary<string, bool>(StringComparer.Ordinal));

    public bool WantsInApp(string kind) => InApp.GetValueOrDefault(kind, true);

    public bool WantsEmail(string kind) => Email.TryGetValue(kind, out var wanted) ? wanted : EmailKinds.OnByDefault.Contains(kind);
}
