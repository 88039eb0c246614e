using OneDay.Bench.Running;

namespace OneDay.Bench.Measure;

/// <summary>How busy the CPU already is with processes the run did not start, sampled over a second before each measurement.</summary>
internal static class BusyCheck
{
    public static void Sample(RunContext run, string label)
    {
        var a = Read();
        Thread.Sleep(1000);
        var b = Read();
        var busy = b.Total > a.Total ? 100.0 * (b.Busy - a.Busy) / (b.Total - a.Total) : 0;
        var percent = (long)Math.Round(busy, MidpointRounding.ToEven);
        run.Log.BusyChecks.Add($"{label} {percent}%");
        if (percent > 15)
        {
            Console.Error.WriteLine($"   warning: the machine is {percent}% busy with other processes before {label}; numbers will be disturbed");
            run.Log.Problems.Add($"Before {label} the machine was already {percent}% busy with processes this run did not start: treat that measurement with care.");
        }
    }

    /// <summary>The first line of /proc/stat: busy = user + nice + system + irq + softirq + steal; total adds idle and iowait.</summary>
    private static (long Busy, long Total) Read()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Inv.ParseLong).ToArray();
        var busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
        return (busy, busy + f[3] + f[4]);
    }
}
