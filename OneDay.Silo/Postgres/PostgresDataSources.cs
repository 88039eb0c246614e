using System.Collections.Concurrent;
using System.Data.Common;
using Npgsql;

namespace OneDay.Silo.Postgres;

/// <summary>
/// One <see cref="NpgsqlDataSource"/> (one connection pool) per distinct connection string, shared by the
/// grain storage providers of a silo: seven domains in one database then share one pool instead of
/// opening seven. Disposed with the silo's services.
/// </summary>
public sealed class PostgresDataSources : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _sources = new(StringComparer.Ordinal);

    public NpgsqlDataSource For(string connectionString) =>
        _sources.GetOrAdd(connectionString, c => new Lazy<NpgsqlDataSource>(() => Build(c))).Value;

    /// <summary>
    /// A data source with the settings every OneDay store wants (a setting in the connection string wins):
    /// its few statements run over and over, so they are prepared once per connection and PostgreSQL stops
    /// parsing and planning them on every round trip; and no statement changes session state, so a pooled
    /// connection is handed on as it is instead of being reset first (a reset is a round of RESET ALL,
    /// CLOSE ALL and friends that PostgreSQL parses and runs on the next use).
    /// </summary>
    public static NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Npgsql's own builder answers ContainsKey for every keyword it knows, so ask a plain one what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        if (!written.ContainsKey("No Reset On Close") && !written.ContainsKey("NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
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
