using System.Globalization;

namespace OneDay.Bench.Faults;

/// <summary>Every few seconds, the resident memory of each of the app's processes, to show whether it stays flat.</summary>
internal sealed class MemorySampler(Func<IReadOnlyList<(string Name, int Pid)>> processes, TimeSpan every)
{
    private readonly List<(TimeSpan At, string Name, long RssBytes)> _samples = [];

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < duration && !cancellationToken.IsCancellationRequested)
        {
            foreach (var (name, pid) in processes())
            {
                if (Rss(pid) is { } rss)
                {
                    lock (_samples)
                    {
                        _samples.Add((DateTime.UtcNow - started, name, rss));
                    }
                }
            }

            await Task.Delay(every, cancellationToken);
        }
    }

    /// <summary>Per process: resident memory in its first and last minute sampled, and the most it held.</summary>
    public string ToMarkdown()
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return "";
            }

            var end = _samples.Max(s => s.At);
            var rows = _samples.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var first = g.Where(s => s.At < TimeSpan.FromMinutes(1)).Select(s => s.RssBytes).DefaultIfEmpty(0).Average();
                var last = g.Where(s => s.At > end - TimeSpan.FromMinutes(1)).Select(s => s.RssBytes).DefaultIfEmpty(0).Average();
                return string.Create(CultureInfo.InvariantCulture,
                    $"| {g.Key} | {first / 1048576:F0} | {last / 1048576:F0} | {g.Max(s => s.RssBytes) / 1048576.0:F0} |");
            });
            return "| process | RSS first minute MiB | RSS last minute MiB | most MiB |\n|---|---:|---:|---:|\n" + string.Join('\n', rows) + "\n";
        }
    }

    private static long? Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
