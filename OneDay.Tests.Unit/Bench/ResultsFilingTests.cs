using OneDay.Bench.Results;

namespace OneDay.Tests.Unit.Bench;

/// <summary>
/// A run's results.md filed into bench/results/: each scenario's file gets the run's part that concerns it as its
/// current result and a row at the end of its history.
/// </summary>
public sealed class ResultsFilingTests
{
    private const string Run = """
        # Bench run 2026-12-05T1000Z (all)

        > Note: C# runner

        Run `BENCH_DURATION=20 dotnet run --project bench/OneDay.Bench -c Release --` from 2026-12-05T10:00:00Z to 2026-12-05T10:30:00Z (UTC), BENCH_DURATION=20 s per measurement.

        | scenario | mode | request | app req/s | app p50 / p99 / max ms | app errors | baseline | baseline req/s | baseline p50 / p99 / max ms | ratio | target | result |
        |---|---|---|---|---|---|---|---|---|---|---|---|
        | users-get | embedded | GET /api/users/ | 30000 | 1.00 / 4.00 / 9.00 | 0 | bare Kestrel, same requests, in turns | 36000 | 0.80 / 3.00 / 8.00 | 0.83x | >= 0.7x, p99 <= 5 ms | **PASS** |
        | users-put-me | cluster | PUT /api/users/me | 1500 | 30.00 / 90.00 / 200.00 | 0 | pgbench upsert (tx/s), in turns | 4000 | 8.00 / 90.00 / 300.00 | 0.38x | >= 0.5x | **FAIL** |
        | jobs-apply | cluster | POST /api/jobs | - | - | - | - | - | - / - / - | - | - | ERROR |

        Raw pgbench single-row upserts on a throwaway PostgreSQL with fsync on (the baseline of persisted-write
        scenarios, held to >= 0.5x its tx/s):

        | tx/s | p50 / p99 / max ms | mean | failed |
        |---|---|---|---|
        | 4000 | 8.00 / 90.00 / 300.00 | 12.000 ms | 0 |

        ## How this was measured

        - In turns.
          Warm-up rounds (req/s) per measurement:
          - users-get-app: 20000 29000 30000
          - users-get-baseline: 35000 36000
          - users-put-me-app: 1400 1500

        Measured runs in turns (req/s; each 20 s):

        | scenario | pair | order | app | baseline | ratio |
        |---|---|---|---|---|---|
        | users-get | 1 | app first | 30000 | 36000 | 0.83x |
        | users-put-me | 1 | app first | 1500 | 4000 | 0.38x |

        - Load: wrk.

        ## Machine

        - git: 0123456789abcdef0123456789abcdef01234567 (bench), working tree with 2 changed/untracked paths

        ## After the measurement

        What each scenario's drain step saw.

        ### users-put-me

        | component | CPU s |
        |---|---|
        | gateway | 1.0 |

        ## Problems

        users-put-me: wrk counted 3 errors; see its raw output below.
        jobs-apply: ERROR: prepare failed. Log tails:
        ```
        --- jobs-apply-app.log
        ```

        ## Commands

        In order, as run.

        ```
        # build
        dotnet publish OneDay.Api
        # users-get: the app, embedded
        dotnet OneDay.Embedded.dll
        # throwaway PostgreSQL (OneDay.Testing.PostgresServer, fsync on)
        PostgresServer.StartAsync()
        # users-put-me-baseline: raw pgbench upsert baseline
        pgbench -T 20
        # users-put-me: the app, cluster topology
        dotnet OneDay.Api.dll
        ```

        ## Raw outputs

        <details><summary>users-get-app-1</summary>

        ```
        wrk users-get
        ```

        </details>

        <details><summary>users-put-me-baseline-1</summary>

        ```
        pgbench users-put-me
        ```

        </details>
        """;

    [Fact]
    public void Each_scenario_gets_its_row_and_its_part_of_the_run()
    {
        var entries = ResultsFiler.EntriesOf(Run);

        Assert.Equal(["users-get", "users-put-me", "jobs-apply"], entries.Select(e => e.Name));
        var putMe = entries[1];
        Assert.Equal(
            "| 2026-12-05T1000Z | all | 0123456* | cluster | 1500 | 90.00 | 4000 (in turns) | 0.38x | FAIL | C# runner; BENCH_DURATION=20 |",
            putMe.Row);
        var section = string.Join('\n', putMe.Section!);
        Assert.StartsWith("## Current result: bench run 2026-12-05T1000Z (all)", section, StringComparison.Ordinal);
        Assert.Contains("| users-put-me | cluster |", section, StringComparison.Ordinal);
        Assert.Contains("| 4000 | 8.00 / 90.00 / 300.00 | 12.000 ms | 0 |", section, StringComparison.Ordinal);
        Assert.Contains("  - users-put-me-app: 1400 1500", section, StringComparison.Ordinal);
        Assert.Contains("| gateway | 1.0 |", section, StringComparison.Ordinal);
        Assert.Contains("users-put-me: wrk counted 3 errors", section, StringComparison.Ordinal);
        Assert.Contains("PostgresServer.StartAsync()", section, StringComparison.Ordinal);
        Assert.Contains("# build", section, StringComparison.Ordinal);
        Assert.Contains("<details><summary>users-put-me-baseline-1</summary>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("users-get", section, StringComparison.Ordinal);
        Assert.DoesNotContain("jobs-apply", section, StringComparison.Ordinal);
        // Headings one level down, under the file's own "## Current result".
        Assert.Contains("### How this was measured", section, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_read_against_kestrel_keeps_no_pgbench_table()
    {
        var section = string.Join('\n', ResultsFiler.EntriesOf(Run)[0].Section!);

        Assert.DoesNotContain("tx/s", section, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgresServer", section, StringComparison.Ordinal);
        Assert.Contains("| users-get | 1 | app first | 30000 | 36000 | 0.83x |", section, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_file_gets_a_title_a_current_result_and_a_history_table()
    {
        var text = ResultsFiler.Merge(null, ResultsFiler.EntriesOf(Run)[0]);
        var lines = text.Split('\n');

        Assert.Equal("# users-get", lines[0]);
        Assert.Contains("## Current result: bench run 2026-12-05T1000Z (all)", lines);
        Assert.Equal("| 2026-12-05T1000Z | all | 0123456* | embedded | 30000 | 4.00 | 36000 (in turns) | 0.83x | PASS | C# runner; BENCH_DURATION=20 |", lines[^2]);
        Assert.Equal("|---|---|---|---|---|---|---|---|---|---|", lines[^3]);
    }

    [Fact]
    public void Filing_the_same_run_again_replaces_its_row_and_a_later_run_is_appended()
    {
        var entry = ResultsFiler.EntriesOf(Run)[0];
        var once = ResultsFiler.Merge(null, entry);
        var twice = ResultsFiler.Merge(once, entry);
        var later = ResultsFiler.Merge(twice, entry with { Key = ["2026-12-06T1000Z", "all"], Row = "| 2026-12-06T1000Z | all | later |" });

        Assert.Equal(once, twice);
        Assert.EndsWith(entry.Row + "\n| 2026-12-06T1000Z | all | later |\n", later, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_could_not_measure_adds_its_row_but_keeps_the_last_current_result()
    {
        var measured = ResultsFiler.EntriesOf(Run)[0] with { Name = "jobs-apply" };
        var failed = ResultsFiler.EntriesOf(Run)[2];
        var text = ResultsFiler.Merge(ResultsFiler.Merge(null, measured), failed);

        Assert.Null(failed.Section);
        Assert.Contains("| users-get | embedded |", text, StringComparison.Ordinal);
        Assert.EndsWith("| 2026-12-05T1000Z | all | 0123456* | cluster | - | - | - | - | ERROR | C# runner; BENCH_DURATION=20 |\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_the_variables_before_the_command_without_name_and_note() =>
        Assert.Equal("BENCH_DURATION=3 BENCH_PAIRS=1", Markdown.SettingsOf(
            "BENCH_DURATION=3 BENCH_NAME=x BENCH_PAIRS=1 dotnet run --project bench/OneDay.Bench -c Release -- A=1", "BENCH_"));
}
