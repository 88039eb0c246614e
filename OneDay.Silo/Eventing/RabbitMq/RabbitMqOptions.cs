using System.ComponentModel.DataAnnotations;

namespace OneDay.Silo.Eventing.RabbitMq;

/// <summary>The "OneDay:RabbitMq" section: the broker behind the event streams, read when OneDay:Streams:Provider is RabbitMQ.</summary>
public sealed class RabbitMqOptions
{
    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string UserName { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";

    [Required]
    public string VirtualHost { get; set; } = "/";

    /// <summary>How many durable queues the streams are spread over (Orleans' hash ring maps streams to them).</summary>
    [Range(1, 256)]
    public int QueueCount { get; set; } = 8;

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string QueueNamePrefix { get; set; } = "oneday-events";

    /// <summary>Unacknowledged deliveries per queue; they sit in Orleans' cache until delivered, so keep it below CacheSize.</summary>
    [Range(1, 65535)]
    public int Prefetch { get; set; } = 1000;

    /// <summary>
    /// Confirm channels a silo publishes on concurrently. Each publish waits for its confirm, so this bounds
    /// the events in flight to the broker (its fsync batches grow with it): with slow confirms (a broker on a
    /// busy disk) too few channels cap the silo's event rate. The default is the job-apply bench's choice (bench/results).
    /// </summary>
    [Range(1, 256)]
    public int PublisherChannels { get; set; } = 64;

    /// <summary>Messages Orleans' cache keeps per queue before it applies back-pressure.</summary>
    [Range(16, 1_000_000)]
    public int CacheSize { get; set; } = 4096;
}
