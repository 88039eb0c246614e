using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace OneDay.Grains.Eventing;

/// <summary>
/// The business counters every domain shares: each committed domain event (jobs posted are
/// <c>type="jobs.created"</c>, applications <c>"jobs.application-submitted"</c>, settlements
/// <c>"payments.completed"</c>), how long events wait in outboxes the stream or the store would not take, and
/// the events consumers gave up on.
/// </summary>
public sealed class EventMetrics
{
    public const string MeterName = "OneDay.Events";

    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _deadLettered;
    private readonly TimeProvider _time;

    // Weak: an activation that goes away with its outbox unsent (storage keeps it) drops out of the gauge with it.
    private readonly ConditionalWeakTable<object, StrongBox<long>> _stuckSince = [];
    private int? _deadLettersWaiting;

    public EventMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>(
            "oneday.events.published", "{event}", "Domain events that left an outbox for the stream and the event store, by type.");
        _publishFailures = meter.CreateCounter<long>(
            "oneday.events.publish_failures", "{attempt}", "Attempts to hand an outbox's oldest event to the stream or the event store that failed.");
        meter.CreateObservableGauge(
            "oneday.events.outbox_oldest_age",
            OldestStuckSeconds,
            "s",
            "How long the longest-failing outbox in this process has been failing to deliver its oldest event; 0 when none is.");
        _deadLettered = meter.CreateCounter<long>(
            "oneday.events.dead_lettered", "{event}", "Events a consumer gave up on after its retries, by type.");
        meter.CreateObservableGauge(
            "oneday.events.dead_letters_waiting",
            () => _deadLettersWaiting is { } waiting ? [new Measurement<int>(waiting)] : Array.Empty<Measurement<int>>(),
            "{event}",
            "Dead letters waiting for an operator; reported by the silo holding the dead-letter list.");
    }

    public void Published(string type) => _published.Add(1, new KeyValuePair<string, object?>("type", type));

    /// <summary>An outbox could not deliver its oldest event; it keeps the time of the first such failure in a row.</summary>
    public void PublishFailed(object outbox)
    {
        _publishFailures.Add(1);
        _ = _stuckSince.GetValue(outbox, _ => new StrongBox<long>(_time.GetTimestamp()));
    }

    /// <summary>The outbox delivered again.</summary>
    public void PublishRecovered(object outbox) => _stuckSince.Remove(outbox);

    public void DeadLettered(string type) => _deadLettered.Add(1, new KeyValuePair<string, object?>("type", type));

    private double OldestStuckSeconds()
    {
        var oldest = 0.0;
        foreach (var (_, since) in _stuckSince)
        {
            oldest = Math.Max(oldest, _time.GetElapsedTime(since.Value).TotalSeconds);
        }

        return oldest;
    }

    /// <summary>The dead-letter list's count of pending items; null when its activation leaves this silo.</summary>
    public void DeadLettersWaiting(int? count) => _deadLettersWaiting = count;
}
