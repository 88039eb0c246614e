using System.Globalization;

namespace OneDay.Bench.Running;

/// <summary>The run's knobs, from BENCH_* environment variables (bench/README.md lists them).</summary>
internal sealed record BenchSettings
{
    public int Duration { get; init; } = 15;
    public int Warmup { get; init; } = 60;
    public int WarmupRound { get; init; } = 10;
    public int WarmupMax { get; init; } = 120;
    public int WarmupTolerance { get; init; } = 5;
    public int Pairs { get; init; } = 3;
    public int Connections { get; init; } = 64;
    public int Threads { get; init; } = 2;
    public int PgKeys { get; init; } = 100_000;
    public string? Name { get; init; }
    public string? Note { get; init; }
    public bool? Pgbench { get; init; }

    /// <summary>Seconds of discarded load after a frozen server is thawed, before its measured run.</summary>
    public int ResumeRound { get; init; } = 3;

    public string WrkTimeout { get; init; } = "10s";

    /// <summary>The BENCH_* variables set for this run (BENCH_NOTE left out: prose that changes nothing measured).</summary>
    public IReadOnlyList<string> Given { get; init; } = [];

    public static BenchSettings FromEnvironment()
    {
        var given = Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(k => k.StartsWith("BENCH_", StringComparison.Ordinal) && k != "BENCH_NOTE")
            .Order(StringComparer.Ordinal)
            .Select(k => k + "=" + Environment.GetEnvironmentVariable(k))
            .ToList();
        var pgbench = Environment.GetEnvironmentVariable("BENCH_PGBENCH");
        return new BenchSettings
        {
            Duration = Int("BENCH_DURATION", 15),
            Warmup = Int("BENCH_WARMUP", 60),
            WarmupRound = Int("BENCH_WARMUP_ROUND", 10),
            WarmupMax = Int("BENCH_WARMUP_MAX", 120),
            WarmupTolerance = Int("BENCH_WARMUP_TOLERANCE", 5),
            Pairs = Int("BENCH_PAIRS", 3),
            Connections = Int("BENCH_CONNECTIONS", 64),
            Threads = Int("BENCH_THREADS", 2),
            PgKeys = Int("BENCH_PG_KEYS", 100_000),
            Name = NonEmpty("BENCH_NAME"),
            Note = NonEmpty("BENCH_NOTE")?.Replace('\n', ' '),
            Pgbench = string.IsNullOrEmpty(pgbench) ? null : pgbench == "1",
            Given = given,
        };
    }

    public static int Int(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{name}={text} is not a whole number of at least 0.");
    }

    private static string? NonEmpty(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
