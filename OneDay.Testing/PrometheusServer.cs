using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OneDay.Testing;

/// <summary>
/// A throwaway Prometheus from Debian's prometheus package: its own config, TSDB in a temp directory and a free
/// loopback port, scraping the given targets every second, so a test reads metrics the way an operator does.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="targets">Scrape jobs: a job name and the <c>host:port</c> of each target serving /metrics.</param>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, string[]> targets)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                $"Prometheus is not installed ({Binary} is missing). Install it with: apt-get install -y prometheus " +
                "(scripts/test.sh does this for you).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "oneday-prom-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(targets));
        var port = FreePort.Next();
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var server = new PrometheusServer(Process.Start(info) ?? throw new InvalidOperationException("Could not start prometheus."), directory, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>An instant PromQL query; each series' labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promQl)
    {
        var response = await Client.GetFromJsonAsync<JsonElement>("/api/v1/query?query=" + Uri.EscapeDataString(promQl));
        if (response.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused '{promQl}': {response}");
        }

        return response.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => (
                (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToArray();
    }

    /// <summary>Queries until <paramref name="until"/> holds for the result, or fails with the last one.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> WaitForAsync(
        string promQl, Func<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await QueryAsync(promQl);
            if (until(result))
            {
                return result;
            }

            if (DateTime.UtcNow > deadline)
            {
                var targets = await Client.GetStringAsync("/api/v1/targets");
                throw new TimeoutException($"'{promQl}' gave [{string.Join(", ", result.Select(r => r.Value))}] after {timeout}; targets: {targets}\n{Output}");
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Config(IReadOnlyDictionary<string, string[]> targets)
    {
        var config = new StringBuilder("""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:

            """);
        foreach (var (job, endpoints) in targets)
        {
            config.Append(CultureInfo.InvariantCulture, $"""
                  - job_name: {job}
                    static_configs:
                      - targets: [{string.Join(", ", endpoints.Select(e => $"'{e}'"))}]

                """);
        }

        return config.ToString();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var ready = await Client.GetAsync("/-/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Prometheus was not ready within {StartTimeout}:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
