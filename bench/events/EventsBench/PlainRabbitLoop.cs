using System.Buffers.Binary;
using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EventsBench;

/// <summary>
/// The baseline: RabbitMQ.Client alone with the same durability and shape as the adapter (8 durable
/// queues, persistent messages, publisher confirms over 16 pooled channels, manual acks, prefetch 1000)
/// and the same number of concurrent producers. Handling is only recording the latency and acking.
/// </summary>
public sealed class PlainRabbitLoop(int rabbitPort, int producers) : IAsyncDisposable
{
    private const int Queues = 8;
    /// <summary>
    /// Confirm channels on both sides: the app's OneDay:RabbitMq:PublisherChannels is set to the same, so the
    /// ratio measures the adapter's overhead rather than the pool size (16 keeps it comparable with earlier runs).
    /// </summary>
    public const int Channels = 16;
    private const int BodyBytes = 400;
    private readonly string _prefix = "bench-plain-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IChannel> _publishChannels = [];
    private IConnection? _publisher;
    private IConnection? _consumer;
    private Latencies _latencies = new();

    public async Task StartAsync()
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = rabbitPort };
        _publisher = await factory.CreateConnectionAsync("bench-plain-publisher");
        _consumer = await factory.CreateConnectionAsync("bench-plain-consumer");
        for (var i = 0; i < Channels; i++)
        {
            _publishChannels.Add(await _publisher.CreateChannelAsync(new CreateChannelOptions(true, true)));
        }

        for (var q = 0; q < Queues; q++)
        {
            var channel = await _consumer.CreateChannelAsync();
            await channel.QueueDeclareAsync(Queue(q), durable: true, exclusive: false, autoDelete: false);
            await channel.BasicQosAsync(0, 1000, false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                _latencies.Record(BinaryPrimitives.ReadInt64LittleEndian(delivery.Body.Span));
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await channel.BasicConsumeAsync(Queue(q), autoAck: false, consumer);
        }
    }

    public async Task<RunResult> RunAsync(string name, int events)
    {
        var latencies = _latencies = new Latencies();
        var pool = new System.Collections.Concurrent.ConcurrentBag<IChannel>(_publishChannels);
        using var slots = new SemaphoreSlim(Channels, Channels);
        var properties = new BasicProperties { Persistent = true };
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(async p =>
        {
            var body = new byte[BodyBytes];
            for (var i = p; i < events; i += producers)
            {
                BinaryPrimitives.WriteInt64LittleEndian(body, Stopwatch.GetTimestamp());
                await slots.WaitAsync();
                pool.TryTake(out var channel);
                try
                {
                    await channel!.BasicPublishAsync(string.Empty, Queue(p % Queues), mandatory: true, properties, body);
                }
                finally
                {
                    pool.Add(channel!);
                    slots.Release();
                }
            }
        }));
        var published = clock.Elapsed;
        await latencies.WaitForAsync(events, TimeSpan.FromMinutes(2));
        return RunResult.Of(name, events, published, clock.Elapsed, latencies);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _publishChannels)
        {
            await channel.DisposeAsync();
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }
    }

    private string Queue(int index) => $"{_prefix}-{index}";
}
