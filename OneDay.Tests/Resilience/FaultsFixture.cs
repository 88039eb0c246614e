using System.Globalization;
using OneDay.Testing;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Resilience;

/// <summary>
/// PostgreSQL and RabbitMQ of their own for the fault runs, which stop and start them: no other test shares them.
/// </summary>
public sealed class FaultsFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private RabbitMqServer? _rabbit;

    public PostgresFixture Postgres => _postgres;

    public RabbitMqServer Rabbit => _rabbit ?? throw new InvalidOperationException("RabbitMQ is not started.");

    /// <summary>What a silo process needs to put its streams on this RabbitMQ, in queues of its cluster's own.</summary>
    public IReadOnlyDictionary<string, string> Streams(string clusterId) => new Dictionary<string, string>
    {
        ["OneDay__Streams__Provider"] = "RabbitMQ",
        ["OneDay__RabbitMq__Host"] = "127.0.0.1",
        ["OneDay__RabbitMq__Port"] = Rabbit.Port.ToString(CultureInfo.InvariantCulture),
        ["OneDay__RabbitMq__QueueNamePrefix"] = clusterId,
    };

    public async Task InitializeAsync()
    {
        var rabbit = RabbitMqServer.StartAsync();
        await _postgres.InitializeAsync();
        _rabbit = await rabbit;
    }

    public async Task DisposeAsync()
    {
        await (_rabbit?.DisposeAsync() ?? ValueTask.CompletedTask);
        await _postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults";
}
