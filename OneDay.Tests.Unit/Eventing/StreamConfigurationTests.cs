using Microsoft.Extensions.Configuration;
using OneDay.Hosting;
using OneDay.Silo.Eventing;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Eventing;

public sealed class StreamConfigurationTests
{
    [Fact]
    public void Memory_streams_are_the_default()
    {
        var options = Read(Configuration([]));

        Assert.Equal(StreamProviderKind.Memory, options.Streams.Provider);
    }

    [Fact]
    public void RabbitMQ_settings_are_read_from_the_OneDay_section()
    {
        var options = Read(Configuration(new()
        {
            ["OneDay:Streams:Provider"] = "RabbitMQ",
            ["OneDay:RabbitMq:Host"] = "broker.internal",
            ["OneDay:RabbitMq:Port"] = "5673",
            ["OneDay:RabbitMq:QueueCount"] = "16",
            ["OneDay:RabbitMq:QueueNamePrefix"] = "prod-events",
        }));

        Assert.Equal(StreamProviderKind.RabbitMQ, options.Streams.Provider);
        Assert.Equal(("broker.internal", 5673, 16, "prod-events"),
            (options.RabbitMq.Host, options.RabbitMq.Port, options.RabbitMq.QueueCount, options.RabbitMq.QueueNamePrefix));
    }

    [Theory]
    [InlineData("OneDay:Streams:Provider", "Kafka", "OneDay")]
    [InlineData("OneDay:RabbitMq:QueueCount", "0", "OneDay:RabbitMq: The field QueueCount")]
    [InlineData("OneDay:RabbitMq:Port", "70000", "OneDay:RabbitMq: The field Port")]
    [InlineData("OneDay:RabbitMq:QueueNamePrefix", "has space", "OneDay:RabbitMq: The field QueueNamePrefix")]
    [InlineData("OneDay:RabbitMq:Prefetch", "5000", "OneDay:RabbitMq:Prefetch")]
    public void Bad_stream_settings_stop_the_process_naming_the_key(string key, string value, string named)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => Read(Configuration(new()
        {
            ["OneDay:Streams:Provider"] = "RabbitMQ",
            [key] = value,
        })));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static SiloSettings Read(IConfiguration configuration) =>
        SiloSettings.Read(configuration, OneDayConfiguration.Read(configuration));

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
