using OneDay.Bench.Measure;

namespace OneDay.Bench.Running;

/// <summary>CPU snapshots right before and after a cluster scenario's first measured app run.</summary>
internal sealed class CpuWindow(RunContext run, RunningApp app, Infrastructure infrastructure)
{
    private List<(string Name, long Ticks)>? _before;
    private List<(string Name, long Ticks)>? _after;

    public bool Taken => _before is not null && _after is not null;

    public void Around(bool starting)
    {
        var snapshot = CpuTicks.Snapshot(Components());
        if (starting)
        {
            _before = snapshot;
        }
        else
        {
            _after = snapshot;
        }
    }

    /// <summary>The CPU seconds the app's processes, PostgreSQL and RabbitMQ have used so far, together.</summary>
    public double CpuSeconds() => CpuTicks.Snapshot(Components()).Skip(1).Sum(c => c.Ticks) / CpuTicks.Hz;

    /// <summary>The resident memory of the app's own processes (not PostgreSQL's or RabbitMQ's), in bytes.</summary>
    public long AppResidentBytes() => app.Components.Sum(c => c.Pid is { } pid ? ResidentBytesOf(pid) : 0);

    public List<string> Report(long requests) => CpuTicks.Report(_before!, _after!, requests, run.Settings.Duration);

    private static long ResidentBytesOf(int pid)
    {
        // /proc/<pid>/status: "VmRSS:   123456 kB".
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private IEnumerable<(string Name, int? Pid)> Components()
    {
        foreach (var (name, pid) in app.Components)
        {
            yield return (name, pid);
        }

        if (infrastructure.Postgres is { } postgres)
        {
            yield return ("postgresql", postgres.PostmasterPid);
        }

        if (infrastructure.RabbitMq is { } rabbit)
        {
            yield return ("rabbitmq", rabbit.ProcessId);
        }
    }
}
