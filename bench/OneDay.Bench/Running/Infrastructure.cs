using Npgsql;
using OneDay.Testing;

namespace OneDay.Bench.Running;

/// <summary>
/// The run's throwaway PostgreSQL (fsync on, the server default) and RabbitMQ, the schema migrated by
/// OneDay.Silo, and the cluster's secrets: each made the first time a scenario needs it, and gone at the end.
/// </summary>
internal sealed class Infrastructure(RunContext run) : IAsyncDisposable
{
    private bool _migrated;

    public PostgresServer? Postgres { get; private set; }
    public string ConnectionString { get; private set; } = "";
    public string PostgresVersion { get; private set; } = "";
    public string PostgresSettings { get; private set; } = "";
    public RabbitMqServer? RabbitMq { get; private set; }
    public string RabbitMqVersion { get; private set; } = "";
    public string ErlangVersion { get; private set; } = "";
    public string? SecretsDirectory { get; private set; }

    public string SiloDll => Path.Combine(run.Published("silo"), "OneDay.Silo.dll");

    /// <summary>
    /// Room for pgbench's clients beside the pools of a frozen cluster, which keep the connections a heavy load
    /// opened (each silo has several, of up to 100 each), as the integration tests' servers have.
    /// </summary>
    private const int MaxConnections = 1000;

    public async Task EnsurePostgresAsync()
    {
        if (Postgres is not null)
        {
            return;
        }

        var directory = Path.Combine(run.RunDirectory, "pg");
        var port = run.TakePort();
        run.Log.Comment("throwaway PostgreSQL (OneDay.Testing.PostgresServer, fsync on)");
        run.Log.Commands.Add($"PostgresServer.StartAsync(Fsync: true, Directory: {run.Paths.Relative(directory)}, Port: {port}, MaxConnections: {MaxConnections})");
        Console.WriteLine($"Starting a throwaway PostgreSQL on 127.0.0.1:{port}...");
        Postgres = await PostgresServer.StartAsync(new PostgresServerOptions(Fsync: true, Directory: directory, Port: port, MaxConnections: MaxConnections));
        await Postgres.CreateDatabaseAsync("oneday");
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=oneday";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(run.Cancellation);
        await using (var command = new NpgsqlCommand(
            """
            SELECT name || ' = ' || setting || coalesce(unit, '') FROM pg_settings
             WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', 'shared_buffers', 'max_connections')
             ORDER BY name
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(run.Cancellation))
        {
            var settings = new List<string>();
            while (await reader.ReadAsync(run.Cancellation))
            {
                settings.Add(reader.GetString(0));
            }

            PostgresSettings = string.Join(", ", settings);
        }

        await using var version = new NpgsqlCommand("SHOW server_version", connection);
        PostgresVersion = (string?)await version.ExecuteScalarAsync(run.Cancellation) ?? "";
    }

    public async Task EnsureMigratedAsync()
    {
        if (_migrated)
        {
            return;
        }

        await EnsurePostgresAsync();
        var env = new Dictionary<string, string> { ["OneDay__Postgres__ConnectionString"] = ConnectionString };
        run.Log.Record(["env", "OneDay__Postgres__ConnectionString=" + ConnectionString, "dotnet", SiloDll, "migrate"]);
        var log = Path.Combine(run.Logs, "migrate.log");
        if (await ToolRun.ToFileAsync(log, "dotnet", [SiloDll, "migrate"], run.Cancellation, env, run.Published("silo")) != 0)
        {
            throw new InvalidOperationException("OneDay.Silo migrate failed:\n" + Tail(log));
        }

        _migrated = true;
    }

    /// <summary>Keys and a CA with the certificate it issued, made for this run only (OneDay.Silo secrets).</summary>
    public async Task<string> EnsureSecretsAsync()
    {
        if (SecretsDirectory is not null)
        {
            return SecretsDirectory;
        }

        var directory = Path.Combine(run.RunDirectory, "secrets");
        run.Log.Record(["dotnet", SiloDll, "secrets", directory]);
        var log = Path.Combine(run.Logs, "secrets.log");
        if (await ToolRun.ToFileAsync(log, "dotnet", [SiloDll, "secrets", directory], run.Cancellation, workingDirectory: run.Published("silo")) != 0)
        {
            throw new InvalidOperationException("OneDay.Silo secrets failed:\n" + Tail(log));
        }

        SecretsDirectory = directory;
        return directory;
    }

    public async Task EnsureRabbitMqAsync()
    {
        if (RabbitMq is not null)
        {
            return;
        }

        run.Log.Comment("throwaway RabbitMQ (OneDay.Testing.RabbitMqServer)");
        run.Log.Commands.Add("RabbitMqServer.StartAsync()");
        Console.WriteLine("Starting a throwaway RabbitMQ...");
        RabbitMq = await RabbitMqServer.StartAsync();
        Console.WriteLine($"   RabbitMQ on 127.0.0.1:{RabbitMq.Port}");
        RabbitMqVersion = await PackageVersionAsync("rabbitmq-server");
        ErlangVersion = await PackageVersionAsync("erlang-base");
    }

    public async ValueTask DisposeAsync()
    {
        if (RabbitMq is not null)
        {
            await RabbitMq.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    private static async Task<string> PackageVersionAsync(string package)
    {
        try
        {
            return (await ExternalProcess.RunAsync("dpkg-query", ["-W", "-f", "${Version}", package], TimeSpan.FromSeconds(10))).Trim();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    public static string Tail(string file, int lines = 30) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(lines)) : "(no output)";
}
