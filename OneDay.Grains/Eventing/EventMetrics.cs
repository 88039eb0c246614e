using System.Diagnostics.Metrics;

namespace OneDay.Grains.Eventing;

/// <summary>
/// The business counters every domain shares: each committed domain event (jobs posted are
/// <c>type="jobs.created"</c>, applications <c>"jobs.application-submitted"</c>, settlements
/// <c>"payments.completed"</c>), and the events consumers gave up on.
/// </summary>
public sealed class EventMetrics
{
    public const string MeterName = "OneDay.Events";

    private readonly Counter<long> _published;
    private readonly Counter<long> _deadLettered;
    private int? _deadLettersWaiting;

    public EventMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>(
            "oneday.events.published", "{event}", "Domain events that left an outbox for the stream and the event store, by type.");
        _deadLettered = meter.CreateCounter<long>(
            "oneday.events.dead_lettered", "{event}", "Events a consumer gave up on after its retries, by type.");
        meter.CreateObservableGauge(
            "oneday.events.dead_letters_waiting",
            () => _deadLettersWaiting is { } waiting ? [new Measurement<int>(waiting)] : Array.Empty<Measurement<int>>(),
            "{event}",
            "Dead letters waiting for an operator; reported by the silo holding the dead-letter list.");
    }

    public void Published(string type) => _published.Add(1, new KeyValuePair<string, object?>("type", type));

    public void DeadLettered(string type) => _deadLettered.Add(1, new KeyValuePair<string, object?>("type", type));

    /// <summary>The dead-letter list's count of pending items; null when its activation leaves this silo.</summary>
    public void DeadLettersWaiting(int? count) => _deadLettersWaiting = count;
}
