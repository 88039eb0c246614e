namespace OneDay.Bench.Results;

/// <summary>The history tables' headers and the text above them in a new results file.</summary>
internal static class HistoryHeaders
{
    public const string Scenario = "| date (UTC) | run | commit | mode | req/s | p99 ms | baseline | ratio | result | note |";
    public const string Pgbench = "| date (UTC) | run | commit | tx/s | p50 / p99 / max ms | mean | failed | note |";
    public const string Events = "| date (UTC) | run | commit | plain events/s | app events/s | ratio | app p99 ms | result | note |";
    public const string RandomIds = "| date (UTC) | commit | requests | before MB | right after MB | idle, later MB | after real reads MB | result | note |";

    public const string Intro =
        "One row per run, oldest first. *date* is the run's UTC start and *run* its name (`BENCH_NAME`); the full\n"
        + "results of a row are this file's *Current result* in the commit that added the row (`git log -p` on this\n"
        + "file), and for runs before this layout `git show 9960c98:bench/results/<date>-<run>.md`. *commit* is the\n"
        + "build measured; a `*` after it means the working tree had uncommitted changes (the note says which, when\n"
        + "known). The note ends with the settings the run was given (`BENCH_*`, `REQUESTS`, `SETTLE`), if any.";

    public const string ScenarioBaseline =
        "\n*baseline* is the baseline's req/s (bare Kestrel) or tx/s (pgbench upserts) in the same run, measured in\n"
        + "turns with the app or alone before it; *ratio* = app req/s / baseline.";
}
