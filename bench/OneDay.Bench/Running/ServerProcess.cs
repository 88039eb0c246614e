using System.Diagnostics;

namespace OneDay.Bench.Running;

/// <summary>
/// A long-running server the run started (app, gateway, bare Kestrel), its output in a log file. Servers start in
/// their publish directory, as a deployment runs them: from the repository root, their configuration-reload
/// watcher would watch every directory below it, including the run's live PostgreSQL and RabbitMQ data.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();

    private ServerProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        Id = process.Id;
        _log = log;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>The process id, still known once the process is gone and disposed (for reports written after).</summary>
    public int Id { get; }

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(
        string name, string logFile, string workingDirectory, IReadOnlyDictionary<string, string> environment, string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}");
        ProcessRegistry.Add(process);
        return new ServerProcess(name, process, log);
    }

    /// <summary>SIGTERM (and SIGCONT, since a frozen process acts on it only once it runs), up to 15 s to exit, then SIGKILL.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Terminate(_process.Id);
            Signals.Thaw([_process.Id]);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"   {Name} (pid {_process.Id}) ignored TERM; killing");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        ProcessRegistry.Remove(_process);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the stop is dropped.
            }
        }
    }
}
