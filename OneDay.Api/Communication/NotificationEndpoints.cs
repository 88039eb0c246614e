using System.Globalization;
using System.Security.Claims;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Api.Communication;

/// <summary>/api/communication/notifications: my inbox. The inbox is always the caller's own: the id is the token's.</summary>
public static class NotificationEndpoints
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder communication)
    {
        var notifications = communication.MapGroup("/notifications");
        notifications.MapGet("/", ListAsync)
            .WithName("listMyNotifications").WithSummary("List my notifications, newest first")
            .WithDescription($"The newest {NotificationInbox.Capacity} are kept. A page at a time; page on with nextBefore. unread=true lists only unread ones.")
            .WithParameters(
                DocumentedParameter.Query("before", JsonSchemaType.Integer, "The nextBefore of the previous page.", "int64"),
                DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"Page size, 1 to {MaxLimit} (default {DefaultLimit}).", "int32"),
                DocumentedParameter.Query("unread", JsonSchemaType.Boolean, "true: only unread notifications."))
            .Produces<NotificationsPageResponse>().ProducesValidationProblem();
        notifications.MapGet("/unread-count", async (ClaimsPrincipal user, IGrainFactory grains) =>
                Results.Ok(new UnreadCountResponse(await Inbox(grains, user).UnreadCount())))
            .WithName("countMyUnreadNotifications").WithSummary("Count my unread notifications")
            .WithDescription("What a badge shows.")
            .Produces<UnreadCountResponse>();
        notifications.MapPost("/{notificationId:guid}/read", MarkReadAsync)
            .WithName("markNotificationRead").WithSummary("Mark one of my notifications read")
            .WithDescription("Marking a read notification again changes nothing; an id not in my inbox is 404.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        notifications.MapPost("/read", MarkAllReadAsync)
            .WithName("markAllNotificationsRead").WithSummary("Mark all my notifications read")
            .Produces<MarkedReadResponse>();
        notifications.MapGet("/preferences", async (ClaimsPrincipal user, IGrainFactory grains) =>
                Results.Ok(NotificationPreferencesResponse.From(await Inbox(grains, user).Preferences())))
            .WithName("getMyNotificationPreferences").WithSummary("Read which kinds of notification reach my inbox and my email")
            .Produces<NotificationPreferencesResponse>();
        notifications.MapPatch("/preferences", SetPreferencesAsync)
            .WithName("updateMyNotificationPreferences").WithSummary("Turn kinds of notification on or off")
            .WithDescription("Only the kinds given change, per channel (inApp, email). A kind turned off in the inbox is not stored while it is off; turning it on again does not bring those back.")
            .Produces<NotificationPreferencesResponse>().ProducesValidationProblem();
        return communication;
    }

    private static INotificationInboxGrain Inbox(IGrainFactory grains, ClaimsPrincipal user) =>
        grains.Reference<INotificationInboxGrain>(user.UserId());

    private static async Task<IResult> ListAsync(string? before, string? limit, string? unread, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new List<FieldError>();
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors.Add(new FieldError("limit", $"A whole number from 1 to {MaxLimit}."));
        }

        long? from = null;
        if (before is not null)
        {
            from = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : null;
            if (from is null)
            {
                errors.Add(new FieldError("before", "The nextBefore of the previous page."));
            }
        }

        var unreadOnly = false;
        if (unread is not null && !bool.TryParse(unread, out unreadOnly))
        {
            errors.Add(new FieldError("unread", "true or false."));
        }

        return errors.Count > 0
            ? Problems.Validation(errors)
            : Results.Ok(NotificationsPageResponse.From(await Inbox(grains, user).List(from, size, unreadOnly)));
    }

    private static async Task<IResult> MarkReadAsync(Guid notificationId, ClaimsPrincipal user, IGrainFactory grains) =>
        await Inbox(grains, user).MarkRead(notificationId) ? Results.NoContent() : Problems.NotFound("The notification");

    private static async Task<IResult> MarkAllReadAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var inbox = Inbox(grains, user);
        var marked = await inbox.MarkAllRead();
        return Results.Ok(new MarkedReadResponse(marked, await inbox.UnreadCount()));
    }

    private static async Task<IResult> SetPreferencesAsync(NotificationPreferencesRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var inApp = request.InApp ?? [];
        var email = request.Email ?? [];
        if (inApp.Count == 0 && email.Count == 0)
        {
            return Problems.Validation([new FieldError("inApp", "At least one kind, in inApp or email, with true or false.")]);
        }

        var unknown = inApp.Keys.Where(k => !NotificationKinds.IsKnown(k)).Select(k => $"inApp.{k}")
            .Concat(email.Keys.Where(k => !NotificationKinds.IsKnown(k)).Select(k => $"email.{k}"))
            .ToList();
        if (unknown.Count > 0)
        {
            return Problems.Validation(unknown.Select(field => new FieldError(field,
                "Not a kind of notification: " + string.Join(", ", NotificationKinds.All) + ".")));
        }

        return Results.Ok(NotificationPreferencesResponse.From(await Inbox(grains, user).SetPreferences(inApp, email)));
    }
}
