using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>How the sandbox misbehaves when it delivers webhooks, and how it retries an endpoint that fails.</summary>
public sealed record WebhookDeliveryPolicy(TimeSpan Delay, bool Duplicate, bool Reorder)
{
    public static readonly WebhookDeliveryPolicy Prompt = new(TimeSpan.Zero, Duplicate: false, Reorder: false);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per delivery before the sandbox gives up on it (the merchant can still poll the payment).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>How long after the first delivery its copy is sent.</summary>
    public TimeSpan DuplicateGap => Delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : Delay;

    /// <summary>Doubles from <see cref="FirstRetryDelay"/> with each failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Clamp(failures - 1, 0, 30)));
}

[GenerateSerializer, Alias("oneday.payments.providers.pending-webhook")]
public sealed class PendingWebhook
{
    /// <summary>Unique per delivery: a duplicate's copy has its own.</summary>
    [Id(0)]
    public long Sequence { get; set; }

    [Id(1)]
    public string EventId { get; set; } = "";

    /// <summary>The body as signed and sent: a copy or a retry carries the same bytes (the signature's timestamp is the send's).</summary>
    [Id(2)]
    public byte[] Body { get; set; } = [];

    [Id(3)]
    public DateTimeOffset DueAt { get; set; }

    [Id(4)]
    public int Failures { get; set; }
}

/// <summary>
/// The webhooks one sandbox payment or payout still owes, kept in its grain state and written with the change
/// that caused them, so they go out after a crash too (at least once: a send whose success was not yet
/// written is sent again). Pure: time is passed in, and the grain does the sending.
/// </summary>
[GenerateSerializer, Alias("oneday.payments.providers.webhook-outbox")]
public sealed class WebhookOutbox
{
    [Id(0)]
    public List<PendingWebhook> Pending { get; set; } = [];

    [Id(1)]
    public long NextSequence { get; set; }

    public DateTimeOffset? NextDueAt => Pending.Count == 0 ? null : Pending.Min(p => p.DueAt);

    public void Enqueue(ProviderWebhook webhook, DateTimeOffset now, WebhookDeliveryPolicy policy)
    {
        var body = SandboxWebhookJson.Write(webhook);
        var dueAt = now + policy.Delay;
        if (policy.Reorder)
        {
            // Whatever still waits goes after this one (Due sends equal times newest first).
            foreach (var waiting in Pending.Where(p => p.DueAt < dueAt))
            {
                waiting.DueAt = dueAt;
            }
        }

        Add(webhook.EventId, body, dueAt);
        if (policy.Duplicate)
        {
            Add(webhook.EventId, body, dueAt + policy.DuplicateGap);
        }
    }

    /// <summary>The deliveries due at <paramref name="now"/>, in the order to send them.</summary>
    public IReadOnlyList<PendingWebhook> Due(DateTimeOffset now, WebhookDeliveryPolicy policy)
    {
        var due = Pending.Where(p => p.DueAt <= now);
        var ordered = due.OrderBy(p => p.DueAt);
        return (policy.Reorder ? ordered.ThenByDescending(p => p.Sequence) : ordered.ThenBy(p => p.Sequence)).ToList();
    }

    public void Delivered(PendingWebhook delivery) => Pending.Remove(delivery);

    /// <summary>Schedules the next attempt with back-off; false when the delivery was given up.</summary>
    public bool Failed(PendingWebhook delivery, DateTimeOffset now, WebhookDeliveryPolicy policy)
    {
        delivery.Failures++;
        if (delivery.Failures >= policy.MaxAttempts)
        {
            Pending.Remove(delivery);
            return false;
        }

        delivery.DueAt = now + policy.RetryDelay(delivery.Failures);
        return true;
    }

    private void Add(string eventId, byte[] body, DateTimeOffset dueAt) =>
        Pending.Add(new PendingWebhook { Sequence = NextSequence++, EventId = eventId, Body = body, DueAt = dueAt });
}
