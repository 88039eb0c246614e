using System.Security.Cryptography;
using System.Text;

namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// What an email is about: every notification kind (<see cref="NotificationKinds"/>), plus the ones that are no
/// notification at all.
/// </summary>
public static class EmailKinds
{
    /// <summary>The link that proves the address is the user's; sent at registration and on request.</summary>
    public const string VerifyEmail = "verify-email";

    /// <summary>
    /// The kinds that reach the inbox by email unless the user turns them off: what a person wants to hear
    /// about even away from the app. The others are in-app only unless turned on.
    /// </summary>
    public static readonly IReadOnlySet<string> OnByDefault = new HashSet<string>(StringComparer.Ordinal)
    {
        NotificationKinds.Welcome, NotificationKinds.ApplicationAccepted, NotificationKinds.ShiftCancelled, NotificationKinds.ShiftPaid,
    };

    /// <summary>
    /// The id of an email that an event causes besides its notification (which keeps the event's id): the same
    /// event always gives the same id, so the outbox recognises a redelivery.
    /// </summary>
    public static Guid IdFor(Guid eventId, string kind) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"email|{kind}|{eventId:N}")).AsSpan(0, 16));
}

/// <summary>
/// An email as a producer hands it to the recipient's outbox: ids and amounts only. Address, name and language
/// are read from the user when it is sent, so an erased user is sent nothing and a changed language is honoured.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.outgoing-email")]
public sealed record OutgoingEmail(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] Guid? JobId = null,
    [property: Id(4)] long? AmountKrw = null)
{
    public static OutgoingEmail From(NewNotification notification) =>
        new(notification.Id, notification.Kind, notification.OccurredAt, notification.JobId, notification.AmountKrw);
}

/// <summary>An email the outbox gave up on, with why; an operator may send it again.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.email-dead-letter")]
public sealed record EmailDeadLetter(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] OutgoingEmail Email,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset FailedAt);

/// <summary>What one user's outbox holds: emails waiting to be sent (or retried) and the ones it gave up on.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.email-outbox-status")]
public sealed record EmailOutboxStatus(
    [property: Id(0)] int Pending,
    [property: Id(1)] IReadOnlyList<EmailDeadLetter> DeadLetters);
