using System.Globalization;
using OneDay.Bench.Scenarios;

namespace OneDay.Bench.Prepare;

/// <summary>
/// The files bench/lua/jobs-once.lua walks, each line once over all of a scenario's wrk runs: the requests (a path
/// and the line of its bearer token), the tokens, and the progress the script records.
/// </summary>
internal static class OnceWalk
{
    private const string DirectoryExport = "BENCH_ONCE_DIR";
    private const string ThreadsExport = "BENCH_ONCE_THREADS";

    /// <summary>Writes the walk's files into RUN_DIRECTORY/NAME and exports what the script reads.</summary>
    /// <param name="requests">Each request's path and the index of its token in <paramref name="tokens"/>, in the order to send them.</param>
    public static async Task WriteAsync(
        PrepareContext context, string name, IReadOnlyList<(string Path, int Token)> requests, IReadOnlyList<string> tokens)
    {
        var directory = System.IO.Path.Combine(context.RunDirectory, name);
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.GetFiles(directory, "progress-*").Append(System.IO.Path.Combine(directory, "first")))
        {
            File.Delete(stale);
        }

        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "tokens.txt"), tokens, context.Cancellation);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "requests.txt"),
            requests.Select(r => r.Path + " " + (r.Token + 1).ToString(CultureInfo.InvariantCulture)), context.Cancellation);
        context.Exports[DirectoryExport] = directory;
        context.Exports[ThreadsExport] = Running.BenchSettings.FromEnvironment().Threads.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A line for the drain's report: how many prepared requests the runs took.</summary>
    /// <returns>False when they ran out, so that later requests went nowhere.</returns>
    public static bool Report(PrepareContext prepared, string what, List<string> report)
    {
        var directory = prepared.Exports[DirectoryExport];
        var total = File.ReadLines(System.IO.Path.Combine(directory, "requests.txt")).Count(l => l.Length > 0);
        var taken = Taken(directory, int.Parse(prepared.Exports[ThreadsExport], CultureInfo.InvariantCulture));
        report.Add(taken <= total
            ? $"- Prepared {what} the wrk runs took (sent, or reserved by a thread that stopped first): {taken} of {total}."
            : $"- The wrk runs used up the {total} prepared {what} ({taken} taken): the requests after them went to /bench/once-exhausted (404s).");
        return taken <= total;
    }

    /// <summary>How many lines the runs so far have taken (sent, or reserved and skipped), from the script's files.</summary>
    public static long Taken(string directory, int threads)
    {
        long Read(string file) => File.Exists(file) && long.TryParse(File.ReadLines(file).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var progress = Enumerable.Range(0, threads).Select(t => Read(System.IO.Path.Combine(directory, "progress-" + t.ToString(CultureInfo.InvariantCulture))));
        return Taken(Read(System.IO.Path.Combine(directory, "first")), progress, threads);
    }

    /// <summary>What the script's next setup() would start from: the first line of the last run, plus the furthest any of its threads got, times the threads.</summary>
    public static long Taken(long first, IEnumerable<long> progress, int threads) => first + progress.DefaultIfEmpty(0).Max() * threads;
}
