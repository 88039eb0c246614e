namespace OneDay.Grains.Eventing;

/// <summary>Base of every idempotent consumer's persisted state: its own fields plus what it has applied.</summary>
[GenerateSerializer, Alias("oneday.events.consumer-state")]
public abstract class ConsumerState
{
    [Id(0)] public ProcessedEventWindow Processed { get; set; } = new();

    /// <summary>Events handed to the dead-letter store and not yet replayed successfully.</summary>
    [Id(1)] public HashSet<Guid> DeadLettered { get; set; } = [];
}
