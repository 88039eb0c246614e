namespace OneDay.Bench.Measure;

/// <summary>
/// Who used the cores during a cluster scenario's measured run: the gateway, each silo, PostgreSQL and RabbitMQ
/// (each with its child processes, from /proc), and everything else (wrk, the kernel's own work) as the rest.
/// </summary>
internal static class CpuTicks
{
    private static readonly Lazy<long> TicksPerSecond = new(() =>
    {
        try
        {
            return Inv.ParseLong(OneDay.Testing.ExternalProcess.RunAsync("getconf", ["CLK_TCK"], TimeSpan.FromSeconds(5)).GetAwaiter().GetResult().Trim());
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    });

    /// <summary>Clock ticks per CPU second (CLK_TCK).</summary>
    public static double Hz => TicksPerSecond.Value;

    /// <summary>The machine's busy ticks, then each component's (its process tree's utime + stime).</summary>
    public static List<(string Name, long Ticks)> Snapshot(IEnumerable<(string Name, int? Pid)> components)
    {
        var procs = ReadProcesses();
        var snapshot = new List<(string, long)> { ("total", MachineBusy()) };
        foreach (var (name, pid) in components)
        {
            snapshot.Add((name, pid is { } p ? TreeTicks(procs, p) : 0));
        }

        return snapshot;
    }

    /// <summary>A markdown table of CPU per component between two snapshots, per request.</summary>
    public static List<string> Report(List<(string Name, long Ticks)> before, List<(string Name, long Ticks)> after, long requests, int seconds)
    {
        var hz = (double)TicksPerSecond.Value;
        var start = before.ToDictionary(x => x.Name, x => x.Ticks, StringComparer.Ordinal);
        var d = after.Select(x => (x.Name, Seconds: (x.Ticks - start.GetValueOrDefault(x.Name)) / hz)).ToList();
        var total = d.First(x => x.Name == "total").Seconds;
        var lines = new List<string>
        {
            "CPU time during the measured run (/proc; each component with its child processes; the rest is the load",
            $"generator and the kernel), per request over the {requests} requests counted in {seconds} s:",
            "",
            "| component | CPU s | cores busy | CPU ms per request |",
            "|---|---|---|---|",
        };
        var rest = total;
        string Line(string name, double s) =>
            $"| {name} | {Inv.F(s, 1)} | {Inv.F(s / seconds, 2)} | {Inv.F(requests > 0 ? s * 1000 / requests : 0, 2)} |";
        foreach (var (name, s) in d.Where(x => x.Name != "total"))
        {
            rest -= s;
            lines.Add(Line(name, s));
        }

        lines.Add(Line("rest (load generator, kernel)", rest));
        lines.Add(Line("all", total));
        return lines;
    }

    /// <summary>user + nice + system + irq + softirq + steal, from the first line of /proc/stat.</summary>
    private static long MachineBusy()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Inv.ParseLong).ToArray();
        return f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
    }

    private static Dictionary<int, (int Parent, long Ticks)> ReadProcesses()
    {
        var procs = new Dictionary<int, (int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // "pid (comm) state ppid ... utime stime": comm may hold spaces and parentheses, so cut at the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                procs[pid] = (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), Inv.ParseLong(fields[11]) + Inv.ParseLong(fields[12]));
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return procs;
    }

    private static long TreeTicks(Dictionary<int, (int Parent, long Ticks)> procs, int root)
    {
        var children = procs.GroupBy(p => p.Value.Parent).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        long sum = 0;
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            if (procs.TryGetValue(pid, out var p))
            {
                sum += p.Ticks;
            }

            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                queue.Enqueue(child);
            }
        }

        return sum;
    }
}
