using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace OneDay.Silo.Eventing.RabbitMq;

/// <summary>
/// One RabbitMQ message: the events a producer queued for one stream in one call. The body is this
/// object written with the Orleans serializer; the sequence token and delivery tag are assigned by the
/// receiver that pulled it and never travel over the wire.
/// </summary>
[GenerateSerializer, Alias("oneday.streams.rabbitmq.batch")]
public sealed class RabbitMqBatchContainer : IBatchContainer
{
    public RabbitMqBatchContainer(StreamId streamId, List<object> events)
    {
        StreamId = streamId;
        Events = events;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    /// <summary>The receiver's running count, so Orleans' cache can order and position cursors.</summary>
    [Id(2)]
    public EventSequenceTokenV2 Token { get; set; } = new(0);

    public StreamSequenceToken SequenceToken => Token;

    /// <summary>Which connection of the receiver delivered this; a tag is meaningless on any other.</summary>
    [NonSerialized]
    internal RabbitMqDelivery? Delivery;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, i) => Tuple.Create<T, StreamSequenceToken>(e, Token.CreateSequenceTokenForEvent(i)));

    // Correlation travels inside each DomainEvent envelope, so no Orleans request context is carried.
    public bool ImportRequestContext() => false;
}

/// <summary>Where a message came from: its delivery tag on one particular channel of the receiver.</summary>
internal sealed record RabbitMqDelivery(long Generation, ulong DeliveryTag);
