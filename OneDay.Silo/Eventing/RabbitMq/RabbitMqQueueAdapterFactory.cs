using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace OneDay.Silo.Eventing.RabbitMq;

/// <summary>
/// Orleans' persistent stream provider on RabbitMQ: Orleans supplies the pulling agents, the queue
/// balancer and the cache (<see cref="SimpleQueueAdapterCache"/>); this supplies the queues.
/// </summary>
public sealed class RabbitMqQueueAdapterFactory : IQueueAdapterFactory
{
    private readonly string _name;
    private readonly RabbitMqConnector _connector;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly Serializer<RabbitMqBatchContainer> _serializer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private RabbitMqQueueAdapter? _adapter;

    private RabbitMqQueueAdapterFactory(string name, RabbitMqOptions options, IServiceProvider services)
    {
        _name = name;
        _connector = services.GetRequiredKeyedService<RabbitMqConnector>(name);
        _mapper = new HashRingBasedStreamQueueMapper(
            new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, options.QueueNamePrefix);
        _loggerFactory = services.GetRequiredService<ILoggerFactory>();
        _cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, _loggerFactory);
        _serializer = services.GetRequiredService<Serializer<RabbitMqBatchContainer>>();
        _time = services.GetRequiredService<TimeProvider>();
    }

    /// <summary>The factory delegate <c>AddPersistentStreams</c> takes, for silos and clients alike.</summary>
    internal static Func<IServiceProvider, string, IQueueAdapterFactory> For(RabbitMqOptions options) =>
        (services, name) => new RabbitMqQueueAdapterFactory(name, options, services);

    internal static void AddConnector(IServiceCollection services, string name, RabbitMqOptions options) =>
        services.AddKeyedSingleton(name, (_, _) => new RabbitMqConnector(options, name));

    public Task<IQueueAdapter> CreateAdapter()
    {
        if (_adapter is null)
        {
            var queues = _mapper.GetAllQueues().Select(_connector.QueueName).ToArray();
            var publisher = new RabbitMqPublisher(_connector, queues, _loggerFactory.CreateLogger<RabbitMqPublisher>());
            _adapter = new RabbitMqQueueAdapter(_name, _connector, publisher, _mapper, _serializer, queue =>
                new RabbitMqQueueAdapterReceiver(_connector, queue, _serializer, _time, _loggerFactory.CreateLogger<RabbitMqQueueAdapterReceiver>()));
        }

        return Task.FromResult<IQueueAdapter>(_adapter);
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    // Consumers handle their own failures (retries, then the dead-letter store), so the agent only gives
    // up on a delivery when storage or a silo is failing. Such a message is left unacknowledged (the cache
    // does not release failed items) and the broker redelivers it when the receiver's connection is next
    // re-established. The subscription itself must never be faulted, or the implicit consumer would stop.
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler(faultOnError: false));
}
