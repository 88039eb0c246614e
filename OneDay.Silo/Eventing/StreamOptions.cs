namespace OneDay.Silo.Eventing;

public enum StreamProviderKind
{
    /// <summary>Orleans memory streams: nothing to run, lost with the silo. The embedded default.</summary>
    Memory,

    /// <summary>Durable queues on RabbitMQ (OneDay:RabbitMq:*), acknowledged after Orleans delivered them.</summary>
    RabbitMQ,
}

/// <summary>The "OneDay:Streams" section: what backs the silos' event stream provider.</summary>
public sealed class StreamOptions
{
    public StreamProviderKind Provider { get; set; } = StreamProviderKind.Memory;
}
