using Npgsql;

namespace OneDay.Testing;

/// <summary>
/// A throwaway PostgreSQL server started from the installed server binaries in a temp directory on a
/// free loopback port. As root it runs as the "postgres" OS user, because PostgreSQL refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly PostgresServerOptions _options;
    private bool _running;

    private PostgresServer(string bin, string directory, int port, PostgresServerOptions options)
    {
        _bin = bin;
        _directory = directory;
        _options = options;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The directory of the server's binaries (initdb, pg_ctl, postgres).</summary>
    public string BinDirectory => _bin;

    /// <summary>The postmaster's process id, from its pid file; null when the server is not running.</summary>
    public int? PostmasterPid
    {
        get
        {
            var file = Path.Combine(_directory, "data", "postmaster.pid");
            try
            {
                return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), out var pid) ? pid : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    // Test hosts start and stop throughout the run, and Npgsql keeps a stopped host's idle connections
    // pooled for five minutes by default; a short idle lifetime frees them before they crowd out new hosts.
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;"
        + "Connection Idle Lifetime=5;Connection Pruning Interval=1";

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null)
    {
        options ??= new PostgresServerOptions();
        var bin = FindBinaries();
        var directory = options.Directory ?? Path.Combine(Path.GetTempPath(), "oneday-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(bin, directory, options.Port ?? FreePort.Next(), options);
        var data = Path.Combine(directory, "data");
        if (RunsAsRoot)
        {
            await ExternalProcess.RunAsync("chown", ["postgres:postgres", directory], TimeSpan.FromSeconds(10));
        }

        await server.RunAsServerUserAsync("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        await server.ResumeAsync();
        return server;
    }

    /// <summary>Stops the server as an outage would, keeping its data for <see cref="ResumeAsync"/>.</summary>
    public async Task StopAsync()
    {
        await RunAsServerUserAsync("pg_ctl", ["stop", "-w", "-m", "fast", "-D", Path.Combine(_directory, "data")]);
        _running = false;
    }

    /// <summary>Starts the server on its port with its data, the first time or after <see cref="StopAsync"/>.</summary>
    public async Task ResumeAsync()
    {
        // Tests: durability of the host is not under test, the servers' own crash semantics are, and fsync off
        // keeps CI fast. Benchmarks of persisted writes ask for fsync on, the server default.
        var fsync = _options.Fsync ? "" : " -c fsync=off";
        await RunAsServerUserAsync("pg_ctl", [
            "start", "-w", "-t", "60", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"),
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1{fsync} -c max_connections={_options.MaxConnections}",
        ]);
        _running = true;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_running)
            {
                await RunAsServerUserAsync("pg_ctl", ["stop", "-m", "immediate", "-D", Path.Combine(_directory, "data")]);
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private Task<string> RunAsServerUserAsync(string tool, IEnumerable<string> args)
    {
        var path = Path.Combine(_bin, tool);
        return RunsAsRoot
            ? ExternalProcess.RunAsync("runuser", ["-u", "postgres", "--", path, .. args], TimeSpan.FromSeconds(90))
            : ExternalProcess.RunAsync(path, args, TimeSpan.FromSeconds(90));
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. " +
            "Install them with: apt-get install -y postgresql (scripts/test.sh does this for you).");
    }
}

/// <param name="Fsync">Whether the server flushes its WAL to disk (the server default); off unless asked for.</param>
/// <param name="Directory">Where its data and log go (created, and deleted on dispose); a new temp directory by default.</param>
/// <param name="Port">The loopback port it listens on; a free one by default.</param>
/// <param name="MaxConnections">PostgreSQL's max_connections.</param>
public sealed record PostgresServerOptions(bool Fsync = false, string? Directory = null, int? Port = null, int MaxConnections = 1000);
