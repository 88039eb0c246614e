
namespace OneDay.Silo.Eventing.RabbitMq;

public static class RabbitMqStreamingExtensions
{
    public static ISiloBuilder AddRabbitMqStreams(this ISiloBuilder silo, string name, RabbitMqOptions options)
    {
        RabbitMqQueueAdapterFactory.AddConnector(silo.Services, name, options);
        return silo.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.For(options), stream =>
        {
            stream.ConfigureStreamPubSub(EventStreamSettings.PubSub);
            // Queues follow the silos' ranges on the consistent ring: rebalanced at once when a silo joins or
            // dies, with no fixed deployment list or maturity delay. More queues than silos keeps it even.
            stream.UseConsistentRingQueueBalancer();
            // Short poll period: a receiver's buffer is local, so polling it is cheap and keeps latency low.
            stream.ConfigurePullingAgent(agent => EventStreamSettings.ConfigureAgents(agent, TimeSpan.FromMilliseconds(10)));
        });
    }

    /// <summary>A client only produces; it needs the adapter (and the same queue mapping), not receivers.</summary>
    public static IClientBuilder AddRabbitMqStreams(this IClientBuilder client, string name, RabbitMqOptions options)
    {
        RabbitMqQueueAdapterFactory.AddConnector(client.Services, name, options);
        return client.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.For(options), stream =>
            stream.ConfigureStreamPubSub(EventStreamSettings.PubSub));
    }
}
