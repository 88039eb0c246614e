using System.Collections.Concurrent;
using Orleans.Streams;
using RabbitMQ.Client;

namespace OneDay.Silo.Eventing.RabbitMq;

/// <summary>
/// Opens connections and declares the durable queues. The client's own automatic recovery is off: the
/// publisher and each receiver reconnect themselves, so a receiver knows which channel a delivery tag
/// belongs to and never acknowledges a tag on a channel that did not deliver it. A DI singleton per
/// provider, so every connection closes with the host, however it stops, and the broker requeues
/// whatever that host had not acknowledged.
/// </summary>
internal sealed class RabbitMqConnector(RabbitMqOptions options, string providerName) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<IConnection, bool> _open = new();

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

    public async Task<IConnection> ConnectAsync(string purpose, CancellationToken cancellationToken = default)
    {
        var connection = await _factory.CreateConnectionAsync($"oneday-{providerName}-{purpose}", cancellationToken);
        _open[connection] = true;
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            _open.TryRemove(connection, out _);
            return Task.CompletedTask;
        };
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _open.Keys)
        {
            await RabbitMqPublisher.DisposeQuietlyAsync(connection);
        }
    }

    public static Task DeclareQueueAsync(IChannel channel, string queue, CancellationToken cancellationToken = default) =>
        channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: null,
            cancellationToken: cancellationToken);
}
