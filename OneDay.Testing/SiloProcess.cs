using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace OneDay.Testing;

/// <summary>
/// A real OneDay.Silo process in cluster mode on PostgreSQL, so tests can kill -9 it like an operator's
/// worst day and start it again.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, SiloSpec spec)
    {
        _process = process;
        Spec = spec;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public SiloSpec Spec { get; }

    /// <summary>The silo's process id (for signals, such as SIGSTOP while another process is measured).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public static SiloProcess Start(SiloSpec spec)
    {
        var dll = spec.Dll ?? RepoPaths.SiloDll;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["OneDay__Mode"] = "Cluster";
        info.Environment["OneDay__ClusterId"] = spec.ClusterId;
        info.Environment["OneDay__Postgres__ConnectionString"] = spec.ConnectionString;
        info.Environment["OneDay__Silo__SiloPort"] = spec.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["OneDay__Silo__GatewayPort"] = spec.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["OneDay__Domains"] = spec.Domains;
        // On loopback, and never the default port, which the next silo of the same test would want too.
        info.Environment["OneDay__Telemetry__MetricsUrl"] = $"http://127.0.0.1:{spec.MetricsPort ?? FreePort.Next()}";
        info.Environment["OneDay__Dashboard"] = "false";
        info.Environment["OneDay__Security__SiloKey"] = SiloDefaults.SiloKey;
        // Loopback only; a test that runs the cluster with TLS says so in the spec's environment.
        info.Environment["OneDay__Tls__Enabled"] = "false";
        foreach (var (key, value) in spec.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new SiloProcess(Process.Start(info)!, spec);
    }

    /// <summary>Waits until this silo's newest generation is Active in the membership table.</summary>
    public async Task WaitUntilActiveAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo on {Spec.SiloPort} exited with {_process.ExitCode}:\n{Output}");
            }

            if (await MembershipStatusAsync(Spec.ConnectionString, Spec.ClusterId, Spec.SiloPort) == ActiveStatus)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Silo on {Spec.SiloPort} did not become active in {timeout}:\n{Output}");
    }

    public const int ActiveStatus = 3;

    public static async Task<int?> MembershipStatusAsync(string connectionString, string clusterId, int port)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleansmembershiptable WHERE deploymentid = $1 AND port = $2 ORDER BY generation DESC LIMIT 1",
            connection);
        command.Parameters.AddWithValue(clusterId);
        command.Parameters.AddWithValue(port);
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }

    /// <summary>SIGTERM, as Kubernetes or systemd stop a pod; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await ExternalProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout);
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public const int DeadStatus = 6;

    /// <summary>SIGKILL: no graceful shutdown, no membership goodbye, nothing flushed.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}

/// <param name="Environment">Extra settings for the process (for example the stream provider).</param>
/// <param name="Dll">The OneDay.Silo.dll to run (a published one); by default the one built next to the tests.
/// The silo runs from its directory, as a deployment runs it.</param>
public sealed record SiloSpec(
    string ConnectionString, string ClusterId, int SiloPort, int GatewayPort, string Domains = "all",
    IReadOnlyDictionary<string, string>? Environment = null, string? Dll = null)
{
    /// <summary>Where the silo serves /metrics; a free port of the start's choosing when null.</summary>
    public int? MetricsPort { get; init; }

    public static SiloSpec OnFreePorts(string connectionString, string clusterId, string domains = "all") =>
        new(connectionString, clusterId, FreePort.Next(), FreePort.Next(), domains);
}
