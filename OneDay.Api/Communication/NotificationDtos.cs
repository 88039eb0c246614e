using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Api.Communication;

/// <param name="Id">Stable for the notification's whole life; mark it read with POST .../{id}/read.</param>
/// <param name="Kind">welcome, application-received, application-accepted, application-rejected, shift-starting-soon, check-in-missing, shift-cancelled or shift-paid.</param>
/// <param name="JobId">The job it is about, for every kind but welcome.</param>
/// <param name="CounterpartId">The other party: the worker for the employer, the employer for the worker.</param>
/// <param name="AmountKrw">shift-paid: the net pay that reached the wallet.</param>
public sealed record NotificationResponse(
    Guid Id, string Kind, DateTimeOffset OccurredAt, Guid? JobId, Guid? CounterpartId, long? AmountKrw, DateTimeOffset? ReadAt)
{
    public static NotificationResponse From(InboxNotification n) => new(
        n.Content.Id, n.Content.Kind, n.Content.OccurredAt, n.Content.JobId, n.Content.CounterpartId, n.Content.AmountKrw, n.ReadAt);
}

/// <summary>Newest first; pass nextBefore as before for the next page (null on the last page).</summary>
public sealed record NotificationsPageResponse(NotificationResponse[] Items, long? NextBefore, int UnreadCount)
{
    public static NotificationsPageResponse From(NotificationPage page) =>
        new([.. page.Items.Select(NotificationResponse.From)], page.NextBefore, page.UnreadCount);
}

public sealed record UnreadCountResponse(int UnreadCount);

public sealed record MarkedReadResponse(int Marked, int UnreadCount);

/// <summary>Every kind, and whether it reaches the in-app inbox and the email address (a verified one: see MeResponse).</summary>
public sealed record NotificationPreferencesResponse(IReadOnlyDictionary<string, bool> InApp, IReadOnlyDictionary<string, bool> Email)
{
    public static NotificationPreferencesResponse From(NotificationPreferences preferences) => new(
        NotificationKinds.All.ToDictionary(k => k, preferences.WantsInApp, StringComparer.Ordinal),
        NotificationKinds.All.ToDictionary(k => k, preferences.WantsEmail, StringComparer.Ordinal));
}

/// <summary>The kinds to change, per channel; kinds left out keep their setting.</summary>
public sealed record NotificationPreferencesRequest(Dictionary<string, bool>? InApp = null, Dictionary<string, bool>? Email = null);
