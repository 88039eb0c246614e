using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace OneDay.Silo.Eventing.RabbitMq;

/// <summary>
/// Publishes persistent messages with publisher confirms: a publish completes only once the broker has
/// taken responsibility for the message, and fails otherwise (the caller's outbox then keeps the event).
/// A few confirm channels are pooled so concurrent producers pipeline instead of queueing behind one
/// confirm round trip. A dead connection is replaced on the next publish.
/// </summary>
internal sealed partial class RabbitMqPublisher(RabbitMqConnector connector, IReadOnlyList<string> queues, ILogger logger)
    : IAsyncDisposable
{
    private static readonly BasicProperties Persistent = new() { Persistent = true, ContentType = "application/x-orleans" };
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly SemaphoreSlim _channelSlots = new(connector.Options.PublisherChannels, connector.Options.PublisherChannels);
    private readonly ConcurrentBag<IChannel> _idle = [];
    private IConnection? _connection;

    public async Task PublishAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        await _channelSlots.WaitAsync(cancellationToken);
        IChannel? channel = null;
        try
        {
            channel = await RentAsync(cancellationToken);
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, Persistent, body, cancellationToken);
            _idle.Add(channel);
            channel = null;
        }
        catch (Exception ex)
        {
            LogPublishFailed(logger, ex, queue);
            throw;
        }
        finally
        {
            if (channel is not null)
            {
                // A channel that failed a publish may be closed or left with an unknown confirm state.
                await DisposeQuietlyAsync(channel);
            }

            _channelSlots.Release();
        }
    }

    private async Task<IChannel> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var pooled))
        {
            if (pooled.IsOpen)
            {
                return pooled;
            }

            await DisposeQuietlyAsync(pooled);
        }

        var connection = await ConnectionAsync(cancellationToken);
        return await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } raced)
            {
                return raced;
            }

            if (_connection is not null)
            {
                await DisposeQuietlyAsync(_connection);
            }

            var connection = await connector.ConnectAsync("publisher", cancellationToken);
            // Declared here too so a message is never published before its queue exists (mandatory would bounce it).
            await using (var setup = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
            {
                foreach (var queue in queues)
                {
                    await RabbitMqConnector.DeclareQueueAsync(setup, queue, cancellationToken);
                }
            }

            _connection = connection;
            LogConnected(logger, queues.Count);
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var channel))
        {
            await DisposeQuietlyAsync(channel);
        }

        if (_connection is not null)
        {
            await DisposeQuietlyAsync(_connection);
        }
    }

    internal static async Task DisposeQuietlyAsync(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync();
        }
        catch (Exception)
        {
            // Closing something the broker already dropped can fail; there is nothing left to release.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to RabbitMQ queue {Queue} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ publisher connected; {QueueCount} durable queues declared")]
    private static partial void LogConnected(ILogger logger, int queueCount);
}
