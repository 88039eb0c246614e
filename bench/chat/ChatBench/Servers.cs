using System.Diagnostics;
using System.Security.Cryptography;
using OneDay.Testing;

namespace ChatBench;

/// <summary>A server the run started, its output in a log file; stopped (TERM, then KILL) when disposed.</summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();

    private Server(string url, Process process, StreamWriter log)
    {
        Url = url;
        _process = process;
        _log = log;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Url { get; }

    public int Pid => _process.Id;

    /// <summary>Starts DLL from its publish directory (as a deployment runs it) and waits until READY_PATH answers 2xx.</summary>
    public static async Task<Server> StartAsync(string dll, string logFile, IReadOnlyDictionary<string, string> environment, string readyPath)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var arg in new[] { dll, "--urls", url })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var server = new Server(url, Process.Start(info) ?? throw new InvalidOperationException("could not start " + dll), new StreamWriter(logFile) { AutoFlush = true });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (server._process.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync(url + readyPath)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"{Path.GetFileName(dll)} did not become ready; see {logFile}");
    }

    /// <summary>Resident memory now, from /proc.</summary>
    public long RssBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }

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

/// <summary>Publishes the two servers and knows how to start them.</summary>
internal sealed class Servers(string root, string work)
{
    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public async Task PublishAsync()
    {
        await PublishAsync("OneDay.Embedded/OneDay.Embedded.csproj", "embedded");
        await PublishAsync("bench/baseline/BareHub/BareHub.csproj", "barehub");
    }

    /// <summary>The embedded default with the load generator's limits lifted and the run's signing key.</summary>
    public Task<Server> StartAppAsync(string logs) => Server.StartAsync(Path.Combine(work, "embedded", "OneDay.Embedded.dll"), Path.Combine(logs, "app.log"), new Dictionary<string, string>
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["OneDay__Silo__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OneDay__Silo__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OneDay__Security__SigningKey"] = SigningKey,
        ["OneDay__Security__RateLimits__GlobalPerSecond"] = "1000000",
        ["OneDay__Security__RateLimits__GlobalBurst"] = "1000000",
        ["OneDay__Security__RateLimits__ChatMessagesPerUserPerMinute"] = "1000000",
        ["OneDay__Email__PickupDirectory"] = Path.Combine(logs, "mail"),
    }, "/health/ready");

    public Task<Server> StartBareHubAsync(string logs) =>
        Server.StartAsync(Path.Combine(work, "barehub", "BareHub.dll"), Path.Combine(logs, "barehub.log"), new Dictionary<string, string>(), "/ready");

    private async Task PublishAsync(string project, string name)
    {
        Console.WriteLine($"publishing {Path.GetFileNameWithoutExtension(project)} (Release)...");
        await ExternalProcess.RunAsync("dotnet", [
            "publish", Path.Combine(root, project), "-c", "Release", "-o", Path.Combine(work, name),
            "--artifacts-path", Path.Combine(work, "artifacts"), "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false",
        ], TimeSpan.FromMinutes(10));
    }
}
