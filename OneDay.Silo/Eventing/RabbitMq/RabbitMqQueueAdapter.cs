using System.Buffers;
using Orleans.Serialization;
using Orleans.Streams;

namespace OneDay.Silo.Eventing.RabbitMq;

/// <summary>Writes each producer call as one persistent message on the queue the hash ring maps its stream to.</summary>
internal sealed class RabbitMqQueueAdapter(
    string name,
    RabbitMqConnector connector,
    RabbitMqPublisher publisher,
    HashRingBasedStreamQueueMapper mapper,
    Serializer<RabbitMqBatchContainer> serializer,
    Func<string, IQueueAdapterReceiver> createReceiver) : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(
        StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new NotSupportedException("RabbitMQ streams are not rewindable; publish without a sequence token.");
        }

        var container = new RabbitMqBatchContainer(streamId, events.Cast<object>().ToList());
        var body = new ArrayBufferWriter<byte>(256);
        serializer.Serialize(container, body);
        await publisher.PublishAsync(connector.QueueName(mapper.GetQueueForStream(streamId)), body.WrittenMemory);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => createReceiver(connector.QueueName(queueId));
}
