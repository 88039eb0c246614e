using System.Diagnostics.Metrics;

namespace OneDay.Grains.Communication;

/// <summary>What the communication domain delivers: chat messages, in-app notifications and emails.</summary>
public sealed class CommunicationMetrics
{
    public const string MeterName = "OneDay.Communication";

    public const string EmailSent = "sent";
    public const string EmailFailed = "failed";
    public const string EmailDeadLettered = "dead_lettered";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _emails;

    public CommunicationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _messages = meter.CreateCounter<long>("oneday.chat.messages", "{message}", "Chat messages stored.");
        _notifications = meter.CreateCounter<long>("oneday.notifications", "{notification}", "Notifications stored in an inbox, by kind.");
        _emails = meter.CreateCounter<long>(
            "oneday.emails", "{email}", "Emails handed to the transport (sent), refused or failed (failed), or given up on (dead_lettered).");
    }

    public void MessageStored() => _messages.Add(1);

    public void NotificationStored(string kind) => _notifications.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Email(string outcome) => _emails.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
