using System.Diagnostics;
using RabbitMQ.Client;

namespace OneDay.Testing;

/// <summary>
/// A throwaway RabbitMQ node from Debian's rabbitmq-server: its own node name, AMQP port, distribution
/// port and epmd port (so it never meets another node or a system broker), data and logs in a temp dir,
/// no plugins. As root it runs as the "rabbitmq" user. It can be stopped and started again on the same
/// data, which is how tests restart the broker under load.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _directory;
    private readonly string _nodeName;
    private readonly int _distPort;
    private readonly int _epmdPort;
    private Process? _process;

    private RabbitMqServer(string directory)
    {
        _directory = directory;
        _nodeName = "oneday-" + Guid.NewGuid().ToString("N")[..10] + "@localhost";
        Port = FreePort.Next();
        _distPort = FreePort.Next();
        _epmdPort = FreePort.Next();
    }

    public int Port { get; }

    /// <summary>The process that runs the node (with the node and its epmd as descendants); null when stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public string Log => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(40)) : "(no log)";

    private string LogFile => Path.Combine(_directory, "log", _nodeName + ".log");

    public static async Task<RabbitMqServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
        {
            throw new InvalidOperationException(
                $"RabbitMQ is not installed ({Bin}/rabbitmq-server is missing). Install it with: " +
                "apt-get install -y rabbitmq-server (scripts/test.sh does this for you).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "oneday-rmq-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        // An empty plugin list: no management listener on a fixed port to clash with another node.
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].");
        if (RunsAsRoot)
        {
            await ExternalProcess.RunAsync("chown", ["-R", "rabbitmq:rabbitmq", directory], TimeSpan.FromSeconds(10));
        }

        var server = new RabbitMqServer(directory);
        await server.StartNodeAsync();
        return server;
    }

    public ConnectionFactory ConnectionFactory() => new() { HostName = "127.0.0.1", Port = Port };

    /// <summary>Starts the node (again, on the same data) and waits until it accepts AMQP connections.</summary>
    public async Task StartNodeAsync()
    {
        var info = Command("rabbitmq-server");
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start rabbitmq-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                await using var connection = await ConnectionFactory().CreateConnectionAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
            catch (Exception ex)
            {
                throw new TimeoutException($"RabbitMQ did not accept connections within {StartTimeout}:\n{Log}", ex);
            }
        }
    }

    /// <summary>A clean broker stop (rabbitmqctl stop): durable queues and confirmed messages survive it.</summary>
    public async Task StopNodeAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        var (file, args) = Invocation("rabbitmqctl", ["-n", _nodeName, "stop"]);
        await ExternalProcess.RunAsync(file, args, TimeSpan.FromSeconds(60));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopNodeAsync();
        }
        catch (Exception)
        {
            _process?.Kill(entireProcessTree: true);
        }
        finally
        {
            _process?.Dispose();
            // The node started its own epmd on a private port; it outlives the node unless told to go.
            try
            {
                await ExternalProcess.RunAsync(
                    "epmd", ["-port", _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-kill"],
                    TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // Already gone.
            }

            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private ProcessStartInfo Command(string tool)
    {
        var (file, args) = Invocation(tool, []);
        var info = new ProcessStartInfo(file);
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = _directory;
        return info;
    }

    /// <summary>As root the node runs as the rabbitmq user, the way the Debian package runs it.</summary>
    private (string File, string[] Args) Invocation(string tool, string[] args) =>
        RunsAsRoot ? ("runuser", ["-u", "rabbitmq", "--", "env", .. NodeEnvironment(tool, args)]) : ("env", NodeEnvironment(tool, args));

    // runuser resets HOME and friends, so the node's settings travel through env(1); HOME holds its cookie.
    private string[] NodeEnvironment(string tool, string[] args) =>
    [
        $"RABBITMQ_NODENAME={_nodeName}",
        "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
        $"RABBITMQ_NODE_PORT={Port}",
        $"RABBITMQ_DIST_PORT={_distPort}",
        $"ERL_EPMD_PORT={_epmdPort}",
        $"RABBITMQ_MNESIA_BASE={Path.Combine(_directory, "mnesia")}",
        $"RABBITMQ_LOG_BASE={Path.Combine(_directory, "log")}",
        $"RABBITMQ_ENABLED_PLUGINS_FILE={Path.Combine(_directory, "enabled_plugins")}",
        $"RABBITMQ_CONFIG_FILE={Path.Combine(_directory, "rabbitmq")}",
        $"RABBITMQ_PID_FILE={Path.Combine(_directory, "node.pid")}",
        $"HOME={_directory}",
        Path.Combine(Bin, tool),
        .. args,
    ];
}
