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

    public List<string> Report(long requests) => CpuTicks.Report(_before!, _after!, requests, run.Settings.Duration);

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
