namespace OneDay.Bench.Running;

/// <summary>What every step of one run shares: its settings, paths, directory, log and cancellation.</summary>
internal sealed class RunContext(BenchSettings settings, BenchPaths paths, string stamp, string runDirectory, CancellationToken cancellation)
{
    public BenchSettings Settings { get; } = settings;
    public BenchPaths Paths { get; } = paths;
    public string Stamp { get; } = stamp;
    public string RunDirectory { get; } = runDirectory;
    public CancellationToken Cancellation { get; } = cancellation;
    public RunLog Log { get; } = new(paths);

    public string Logs => Path.Combine(RunDirectory, "logs");
    public string Raw => Path.Combine(RunDirectory, "raw");
    public string LuaDirectory => Path.Combine(RunDirectory, "lua");
    public string PgLogs => Path.Combine(RunDirectory, "pglog");

    /// <summary>Where a published app lives: bench/.work/NAME.</summary>
    public string Published(string name) => Path.Combine(Paths.Work, name);

    public string RawFile(string label) => Path.Combine(Raw, label + ".txt");

    private readonly HashSet<int> _ports = [];

    /// <summary>A free loopback port, never one already handed out in this run.</summary>
    public int TakePort()
    {
        while (true)
        {
            var port = OneDay.Testing.FreePort.Next();
            if (_ports.Add(port))
            {
                return port;
            }
        }
    }
}
