using System.Diagnostics;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Eventing;

/// <summary>
/// Spans for an event leaving its outbox and for each consumer handling it, both children of the span that raised
/// the event (<see cref="DomainEvent.TraceParent"/>), so a trace runs from the request over the stream to every
/// grain the event moved. Nothing is created while no tracer listens.
/// </summary>
public static class EventTracing
{
    public const string SourceName = "OneDay.Events";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartPublish(DomainEvent domainEvent) =>
        Start("publish " + domainEvent.Type, ActivityKind.Producer, "send", domainEvent, consumer: null);

    public static Activity? StartConsume(DomainEvent domainEvent, string consumer) =>
        Start("consume " + domainEvent.Type, ActivityKind.Consumer, "process", domainEvent, consumer);

    private static Activity? Start(string name, ActivityKind kind, string operation, DomainEvent domainEvent, string? consumer)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // Without a trace context the span starts under whatever is current (or a trace of its own).
        _ = ActivityContext.TryParse(domainEvent.TraceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity(name, kind, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "orleans");
            activity.SetTag("messaging.operation.type", operation);
            activity.SetTag("messaging.destination.name", domainEvent.Domain);
            activity.SetTag("messaging.message.id", domainEvent.EventId.ToString());
            activity.SetTag("oneday.event.type", domainEvent.Type);
            activity.SetTag("oneday.correlation_id", domainEvent.CorrelationId);
            activity.SetTag("oneday.consumer", consumer);
        }

        return activity;
    }
}
