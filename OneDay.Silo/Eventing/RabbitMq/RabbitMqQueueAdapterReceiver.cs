using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OneDay.Silo.Eventing.RabbitMq;

/// <summary>
/// Pulls one durable queue for Orleans' pulling agent. The broker pushes up to Prefetch unacknowledged
/// messages into a local buffer; the agent drains it into its cache and, once the cache has delivered
/// a message to every consumer and purged it, calls <see cref="MessagesDeliveredAsync"/>, which is the
/// only place a message is acknowledged. Anything not acknowledged when the connection or the silo dies
/// is redelivered by the broker (consumers deduplicate by event id).
/// </summary>
internal sealed partial class RabbitMqQueueAdapterReceiver(
    RabbitMqConnector connector, string queue, Serializer<RabbitMqBatchContainer> serializer, TimeProvider time, ILogger logger)
    : IQueueAdapterReceiver
{
    private static readonly TimeSpan ReconnectBackoff = TimeSpan.FromSeconds(1);
    private readonly Channel<(long Generation, ulong Tag, byte[] Body)> _buffer =
        Channel.CreateUnbounded<(long, ulong, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private IConnection? _connection;
    private IChannel? _channel;
    private long _generation;
    private ulong _ackedThrough;
    private long _sequence;
    private DateTimeOffset _nextConnectAttempt = DateTimeOffset.MinValue;

    public async Task Initialize(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, time);
        await TryConnectAsync(cts.Token);
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        if (_channel is not { IsOpen: true })
        {
            await TryConnectAsync(CancellationToken.None);
        }

        var batch = new List<IBatchContainer>();
        while (batch.Count < maxCount && _buffer.Reader.TryRead(out var message))
        {
            var container = serializer.Deserialize(message.Body)
                ?? throw new InvalidOperationException($"An empty message arrived on {queue}.");
            container.Token = new EventSequenceTokenV2(++_sequence);
            container.Delivery = new RabbitMqDelivery(message.Generation, message.Tag);
            batch.Add(container);
        }

        return batch;
    }

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        var channel = _channel;
        if (channel is not { IsOpen: true })
        {
            return;
        }

        // Tags of an earlier connection are gone with it; the broker redelivers those messages.
        var tags = messages
            .Select(m => (m as RabbitMqBatchContainer)?.Delivery)
            .Where(d => d is not null && d.Generation == _generation)
            .Select(d => d!.DeliveryTag)
            .Order()
            .ToList();
        try
        {
            // The cache releases messages oldest first, so they are normally the next unbroken run of tags
            // after the last acknowledged one: one "multiple" ack covers the run. Anything after a gap (a
            // message the agent failed to deliver stays unacknowledged) is acknowledged one by one.
            var run = 0;
            while (run < tags.Count && tags[run] == _ackedThrough + (ulong)run + 1)
            {
                run++;
            }

            if (run > 0)
            {
                await channel.BasicAckAsync(tags[run - 1], multiple: true);
                _ackedThrough = tags[run - 1];
            }

            foreach (var tag in tags.Skip(run))
            {
                await channel.BasicAckAsync(tag, multiple: false);
            }
        }
        catch (Exception ex)
        {
            LogAckFailed(logger, ex, queue);
        }
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        await CloseAsync();
    }

    private async Task TryConnectAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < _nextConnectAttempt)
        {
            return;
        }

        await CloseAsync();
        try
        {
            _connection = await connector.ConnectAsync("receiver-" + queue, cancellationToken);
            _channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await RabbitMqConnector.DeclareQueueAsync(_channel, queue, cancellationToken);
            await _channel.BasicQosAsync(0, (ushort)Math.Min(connector.Options.Prefetch, ushort.MaxValue), global: false,
                cancellationToken);
            var generation = ++_generation;
            _ackedThrough = 0;
            var consumer = new AsyncEventingBasicConsumer(_channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                // The body's memory belongs to the client only for the duration of this callback.
                _buffer.Writer.TryWrite((generation, delivery.DeliveryTag, delivery.Body.ToArray()));
                return Task.CompletedTask;
            };
            await _channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
            LogConnected(logger, queue, generation);
        }
        catch (Exception ex)
        {
            _nextConnectAttempt = time.GetUtcNow() + ReconnectBackoff;
            LogConnectFailed(logger, ex, queue);
            await CloseAsync();
        }
    }

    private async Task CloseAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        if (channel is not null)
        {
            await RabbitMqPublisher.DisposeQuietlyAsync(channel);
        }

        if (connection is not null)
        {
            await RabbitMqPublisher.DisposeQuietlyAsync(connection);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ receiver for {Queue} connected (generation {Generation})")]
    private static partial void LogConnected(ILogger logger, string queue, long generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ receiver for {Queue} could not connect; retrying")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Acknowledging on {Queue} failed; the broker will redeliver")]
    private static partial void LogAckFailed(ILogger logger, Exception exception, string queue);
}
