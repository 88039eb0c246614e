using OneDay.Testing;

namespace OneDay.Bench.Running;

/// <summary>The app under test, up: the embedded process, or the gateway and the silos of the cluster topology.</summary>
/// <param name="spares">Per silo, the ports in the gateways' list that no silo uses yet (<see cref="Scenarios.Scenario.SpareSiloPorts"/>).</param>
internal sealed class RunningApp(
    string url, ServerProcess front, IReadOnlyList<(string Name, SiloProcess Silo)> started, string logs, string scenario,
    IReadOnlyDictionary<string, (int SiloPort, int GatewayPort)>? spares = null)
    : IAsyncDisposable
{
    private readonly List<(string Name, SiloProcess Silo)> silos = [.. started];
    private readonly Dictionary<string, (int SiloPort, int GatewayPort)> _spares = new(spares ?? new Dictionary<string, (int, int)>());

    public string Url { get; } = url;

    /// <summary>Every process of the app: the gateway (or embedded app) first.</summary>
    public IReadOnlyList<int> Pids => [front.Id, .. silos.Select(s => s.Silo.ProcessId)];

    /// <summary>The app's processes by component name, for the CPU report.</summary>
    public IReadOnlyList<(string Name, int Pid)> Components =>
        [("gateway", front.Id), .. silos.Select(s => (s.Name, s.Silo.ProcessId))];

    public bool AnyExited => front.HasExited || silos.Any(s => s.Silo.HasExited);

    /// <summary>The gateway (or embedded app) process.</summary>
    public ServerProcess Front => front;

    /// <summary>The silos by their domain group's name, as they are now.</summary>
    public IReadOnlyList<(string Name, SiloProcess Silo)> Silos => [.. silos];

    /// <summary>
    /// How to start a successor to the silo <paramref name="name"/> while it still runs, as a rolling update with surge
    /// does: its spec on the spare ports, which the silo it replaces leaves spare in turn.
    /// </summary>
    public SiloSpec SuccessorSpec(string name)
    {
        var current = silos.Single(s => s.Name == name).Silo.Spec;
        if (!_spares.TryGetValue(name, out var spare))
        {
            throw new InvalidOperationException($"{name} has no spare ports: the scenario did not ask for them.");
        }

        _spares[name] = (current.SiloPort, current.GatewayPort);
        return current with { SiloPort = spare.SiloPort, GatewayPort = spare.GatewayPort };
    }

    /// <summary>A silo started again in the place of one stopped or killed (the old one's log kept under its process id).</summary>
    public void Replace(string name, SiloProcess silo)
    {
        var index = silos.FindIndex(s => s.Name == name);
        var old = silos[index].Silo;
        File.WriteAllText(Path.Combine(logs, $"{scenario}-{name}-{old.ProcessId}.log"), old.Output + "\n");
        silos[index] = (name, silo);
    }

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
