using OneDay.Testing;

namespace OneDay.Bench.Running;

/// <summary>The app under test, up: the embedded process, or the gateway and the silos of the cluster topology.</summary>
internal sealed class RunningApp(string url, ServerProcess front, IReadOnlyList<(string Name, SiloProcess Silo)> silos, string logs, string scenario)
    : IAsyncDisposable
{
    public string Url { get; } = url;

    /// <summary>Every process of the app: the gateway (or embedded app) first.</summary>
    public IReadOnlyList<int> Pids => [front.Id, .. silos.Select(s => s.Silo.ProcessId)];

    /// <summary>The app's processes by component name, for the CPU report.</summary>
    public IReadOnlyList<(string Name, int Pid)> Components =>
        [("gateway", front.Id), .. silos.Select(s => (s.Name, s.Silo.ProcessId))];

    public bool AnyExited => front.HasExited || silos.Any(s => s.Silo.HasExited);

    public void Freeze() => Signals.Freeze(Pids);

    public void Thaw() => Signals.Thaw(Pids);

    /// <summary>The end of each process's log, for the problems section.</summary>
    public string LogTails()
    {
        WriteSiloLogs();
        var files = Directory.GetFiles(logs, scenario + "-*.log").Order(StringComparer.Ordinal);
        return string.Join('\n', files.Select(f => "--- " + Path.GetFileName(f) + "\n" + Infrastructure.Tail(f, 15)));
    }

    public async ValueTask DisposeAsync()
    {
        Thaw();
        await front.DisposeAsync();
        foreach (var (_, silo) in silos)
        {
            try
            {
                await silo.TerminateAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or TimeoutException)
            {
                silo.Kill();
            }
        }

        WriteSiloLogs();
        foreach (var (_, silo) in silos)
        {
            await silo.DisposeAsync();
        }
    }

    private void WriteSiloLogs()
    {
        foreach (var (name, silo) in silos)
        {
            File.WriteAllText(Path.Combine(logs, $"{scenario}-{name}.log"), silo.Output + "\n");
        }
    }
}
