namespace OneDay.Tests.Fixtures;

/// <summary>One PostgreSQL server for every test in the "postgres" collection; tests make their own databases.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh database with the OneDay schema applied through the real migrator.</summary>
    public async Task<string> CreateMigratedDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        var connectionString = await Server.CreateDatabaseAsync(name[..Math.Min(name.Length, 40)]);
        await new OneDay.Silo.Postgres.Migrations.SchemaMigrator(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OneDay.Silo.Postgres.Migrations.SchemaMigrator>.Instance)
            .MigrateAsync(connectionString);
        return connectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
