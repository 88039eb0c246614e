using System.Globalization;
using OneDay.Bench.Running;

namespace OneDay.Bench.Measure;

/// <summary>
/// The raw pgbench upsert baseline (bench/pgbench/): single-row upserts over pre-filled keys, one autocommit
/// transaction each, on the run's PostgreSQL with fsync on.
/// </summary>
internal sealed class PgbenchDriver(RunContext run, Infrastructure infrastructure)
{
    private BenchSettings S => run.Settings;

    private List<string> Connection => ["-h", "127.0.0.1", "-p", infrastructure.Postgres!.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres"];

    private List<string> Load =>
    [
        "-n", "-c", S.Connections.ToString(CultureInfo.InvariantCulture), "-j", S.Threads.ToString(CultureInfo.InvariantCulture),
        "-D", "keys=" + S.PgKeys.ToString(CultureInfo.InvariantCulture), "-f", Path.Combine(run.Paths.Pgbench, "upsert.sql"),
    ];

    /// <summary>A fresh pre-filled table and one discarded warm-up round.</summary>
    public async Task PrepareAsync(string label)
    {
        await infrastructure.EnsurePostgresAsync();
        BusyCheck.Sample(run, label);
        Directory.CreateDirectory(run.PgLogs);
        run.Log.Comment($"{label}: raw pgbench upsert baseline");
        List<string> schema = [.. Connection, "-d", "oneday", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "keys=" + S.PgKeys.ToString(CultureInfo.InvariantCulture),
            "-f", Path.Combine(run.Paths.Pgbench, "schema.sql")];
        run.Log.Record(["psql", .. schema]);
        var schemaLog = Path.Combine(run.Logs, label + "-schema.log");
        if (await ToolRun.ToFileAsync(schemaLog, "psql", schema, run.Cancellation) != 0)
        {
            throw new InvalidOperationException("creating the pgbench table failed:\n" + await File.ReadAllTextAsync(schemaLog));
        }

        Console.WriteLine($"   {label}: {S.WarmupRound}s warm-up  (pgbench upserts, {S.Connections} clients)");
        List<string> warm = [.. Connection, .. Load, "-T", S.WarmupRound.ToString(CultureInfo.InvariantCulture), "oneday"];
        run.Log.Record(["pgbench", .. warm]);
        await ToolRun.ToFileAsync(run.RawFile(label + "-warmup"), "pgbench", warm, run.Cancellation);
    }

    /// <summary>One measured run, its per-transaction log kept under pglog/ for pooled percentiles.</summary>
    public async Task<Figures> MeasureAsync(string label)
    {
        List<string> args = [.. Connection, .. Load, "-T", S.Duration.ToString(CultureInfo.InvariantCulture), "-l",
            "--log-prefix=" + Path.Combine(run.PgLogs, label), "oneday"];
        run.Log.Record(["pgbench", .. args]);
        var raw = run.RawFile(label);
        if (await ToolRun.ToFileAsync(raw, "pgbench", args, run.Cancellation) != 0)
        {
            throw new InvalidOperationException($"pgbench failed ({label}):\n" + await File.ReadAllTextAsync(raw));
        }

        run.Log.RawFiles.Add((label, raw));
        var f = Pool([label]);
        Console.WriteLine($"      {label}: {f.Rate} tx/s, p50 {Inv.F(f.P50Ms, 2)} ms, p99 {Inv.F(f.P99Ms, 2)} ms, max {Inv.F(f.MaxMs, 2)} ms, failed {f.Errors}");
        return f;
    }

    /// <summary>The measured runs of these labels together.</summary>
    public Figures Pool(IEnumerable<string> labels)
    {
        var list = labels.ToList();
        var outputs = list.Select(l => File.ReadAllText(run.RawFile(l)));
        var logs = list.SelectMany(l => Directory.GetFiles(run.PgLogs, l + ".*")).SelectMany(File.ReadLines);
        return PgbenchRuns.Pool(outputs, logs);
    }
}
