namespace OneDay.Bench.Reporting;

/// <summary>The run's table as it fills, scenario by scenario.</summary>
internal sealed class RunTally
{
    public const string TableHeader =
        "| scenario | mode | request | app req/s | app p50 / p99 / max ms | app errors | baseline | baseline req/s | baseline p50 / p99 / max ms | ratio | target | result |";

    public List<string> Rows { get; } = [];

    /// <summary>The pgbench table's row ("| tx/s | p50 / p99 / max ms | mean | failed |"), when pgbench was measured.</summary>
    public string? PgbenchRow { get; set; }

    /// <summary>A scenario measured pgbench in turns, so the run needs no reference measurement of it.</summary>
    public bool PgbenchMeasured { get; set; }

    public int Failures { get; set; }
}
