using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;

namespace OneDay.Silo.Eventing;

/// <summary>
/// Settings every backing of the events stream provider shares (memory queues embedded, RabbitMQ in a
/// cluster), for silos and clients alike.
/// </summary>
public static class EventStreamSettings
{
    /// <summary>
    /// Every consumer subscribes implicitly (by namespace), so a stream's subscribers follow from its id and
    /// no explicit pub-sub is needed. The default (explicit grain-based and implicit) sent the first event of
    /// every aggregate through a pub-sub rendezvous grain, which in a cluster reads and writes its state in
    /// PostgreSQL: one activation and a durable write per job, user or saga, for subscriptions no one makes.
    /// </summary>
    public const StreamPubSubType PubSub = StreamPubSubType.ImplicitOnly;

    /// <summary>
    /// How long a pulling agent remembers a stream it delivered. Streams are per aggregate, and each agent scans
    /// its list of remembered streams on every read of its queue, so with the default (30 minutes) a silo that
    /// took many postings keeps rescanning streams that will hear nothing more. A stream that is forgotten
    /// and gets a new event is set up again from its id, which costs no I/O with implicit-only pub-sub.
    /// </summary>
    public static readonly TimeSpan StreamInactivityPeriod = TimeSpan.FromMinutes(2);

    public static void ConfigureAgents(OptionsBuilder<StreamPullingAgentOptions> agent, TimeSpan? pollPeriod = null) =>
        agent.Configure(o =>
        {
            o.StreamInactivityPeriod = StreamInactivityPeriod;
            if (pollPeriod is { } period)
            {
                o.GetQueueMsgsTimerPeriod = period;
            }
        });
}
