using System.Collections.Concurrent;
using Npgsql;

namespace OneDay.Silo.Storage;

/// <summary>
/// One <see cref="NpgsqlDataSource"/> (one connection pool) per distinct connection string, shared by the
/// grain storage providers of a silo: seven domains in one database then share one pool instead of
/// opening seven. Disposed with the silo's services.
/// </summary>
public sealed class PostgresDataSources : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _sources = new(StringComparer.Ordinal);

    public NpgsqlDataSource For(string connectionString) =>
        _sources.GetOrAdd(connectionString, c => new Lazy<NpgsqlDataSource>(() => Create(c))).Value;

    private static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The grain storage runs three statements over and over (a read, and a batch's INSERT and UPDATE over
        // arrays): prepared once per connection, PostgreSQL stops parsing and planning them on every round
        // trip. A setting in the connection string wins.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 8;
        }

        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values.Where(s => s.IsValueCreated))
        {
            await source.Value.DisposeAsync();
        }

        _sources.Clear();
    }
}
