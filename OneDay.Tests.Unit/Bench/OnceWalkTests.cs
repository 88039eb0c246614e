using OneDay.Bench.Prepare;
using OneDay.Bench.Results;

namespace OneDay.Tests.Unit.Bench;

/// <summary>
/// The scenarios whose requests can each be made once (a confirmation, an acceptance): how far the wrk runs got
/// through the prepared requests, and the figure of another scenario they are quoted beside.
/// </summary>
public sealed class OnceWalkTests
{
    [Fact]
    public void The_next_run_starts_after_the_furthest_thread_of_the_last_one()
    {
        Assert.Equal(0, OnceWalk.Taken(first: 0, progress: [], threads: 2));
        Assert.Equal(1000 + 2 * 192, OnceWalk.Taken(first: 1000, progress: [128, 192], threads: 2));
    }

    [Fact]
    public void The_taken_count_is_read_from_the_files_the_script_leaves()
    {
        var directory = Directory.CreateTempSubdirectory("once-walk-").FullName;
        try
        {
            Assert.Equal(0, OnceWalk.Taken(directory, threads: 2));
            File.WriteAllText(Path.Combine(directory, "first"), "640\n");
            File.WriteAllText(Path.Combine(directory, "progress-0"), "64\n");
            File.WriteAllText(Path.Combine(directory, "progress-1"), "128\n");
            Assert.Equal(640 + 2 * 128, OnceWalk.Taken(directory, threads: 2));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_latest_figure_is_the_last_history_row_that_measured_something()
    {
        const string results = """
            # jobs-apply

            ## Current result

            | scenario | mode | request | app req/s |
            |---|---|---|---|
            | jobs-apply | cluster | POST /api/jobs | 1 |

            ## History

            | date (UTC) | run | commit | mode | req/s | p99 ms | baseline | ratio | result | note |
            |---|---|---|---|---|---|---|---|---|---|
            | 2026-12-05T1829Z | jobs-apply | 7997d46* | cluster | 292 | 413.99 | - | - | FAIL | first |
            | 2026-12-05T1903Z | jobs-apply | b3d73fa | cluster | 394 | 300.80 | - | - | FAIL | quiet machine |
            | 2026-12-06T0100Z | jobs-apply | c0ffee0 | cluster | - | - | - | - | ERROR | could not start |
            """;

        Assert.Equal(("2026-12-05T1903Z", "jobs-apply", "b3d73fa", "394", "300.80"), LatestFigure.Of(results));
        Assert.Null(LatestFigure.Of("# jobs-apply\n\n## Current result\n\nNone yet.\n"));
    }
}
