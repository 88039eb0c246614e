using OneDay.Silo.Hosting;
using Orleans.Streams;
using RabbitMQ.Client;

namespace OneDay.Silo.Streaming.RabbitMq;

/// <summary>
/// Opens connections and declares the durable queues. The client's own automatic recovery is off: the
/// publisher and each receiver reconnect themselves, so a receiver knows which channel a delivery tag
/// belongs to and never acknowledges a tag on a channel that did not deliver it.
/// </summary>
internal sealed class RabbitMqConnector(RabbitMqOptions options, string providerName)
{
    private readonly ConnectionFactory _factory = new()
    {
        HostName = options.Host,
        Port = options.Port,
        UserName = options.UserName,
        Password = options.Password,
        VirtualHost = options.VirtualHost,
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        RequestedHeartbeat = TimeSpan.FromSeconds(10),
    };

    public RabbitMqOptions Options => options;

    public string QueueName(QueueId queueId) =>
        $"{options.QueueNamePrefix}-{queueId.GetNumericId().ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public Task<IConnection> ConnectAsync(string purpose, CancellationToken cancellationToken = default) =>
        _factory.CreateConnectionAsync($"oneday-{providerName}-{purpose}", cancellationToken);

    public static Task DeclareQueueAsync(IChannel channel, string queue, CancellationToken cancellationToken = default) =>
        channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: null,
            cancellationToken: cancellationToken);
}
