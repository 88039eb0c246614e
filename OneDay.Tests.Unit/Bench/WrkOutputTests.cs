using OneDay.Bench.Measure;

namespace OneDay.Tests.Unit.Bench;

/// <summary>wrk's output as bench/lua/report.lua prints it, read back and pooled over several runs.</summary>
public sealed class WrkOutputTests
{
    private const string TwoRuns = """
        Running 10s test @ http://127.0.0.1:5000/health/live
        BENCH_RESULT requests=1000 duration_us=2000000 bytes=1 connect=0 read=1 write=0 status=2 timeout=3 mean_us=1500 p50_us=1000 p90_us=2000 p99_us=4000 p999_us=5000 max_us=9000
        BENCH_HIST 1000:600 2000:390 4000:9 9000:1
        Running 10s test @ http://127.0.0.1:5000/health/live
        BENCH_RESULT requests=3000 duration_us=2000000 bytes=1 connect=0 read=0 write=0 status=0 timeout=0 mean_us=900 p50_us=500 p90_us=800 p99_us=1000 p999_us=1100 max_us=1200
        BENCH_HIST 500:2000 800:970 1000:29 1200:1
        """;

    [Fact]
    public void Every_run_in_an_output_is_read_with_its_histogram()
    {
        var runs = WrkRun.ParseAll(TwoRuns);

        Assert.Equal(2, runs.Count);
        Assert.Equal(1000, runs[0].Requests);
        Assert.Equal(6, runs[0].Errors);
        Assert.Equal(994, runs[0].Successes);
        Assert.Equal(500, runs[0].RequestsPerSecond);
        Assert.Equal([(1000L, 600L), (2000L, 390L), (4000L, 9L), (9000L, 1L)], runs[0].Histogram);
    }

    [Fact]
    public void One_run_keeps_wrks_own_percentiles_in_milliseconds()
    {
        var figures = Figures.Of(WrkRun.Parse(TwoRuns)!);

        Assert.Equal(500, figures.Rate);
        Assert.Equal("1.00 / 4.00 / 9.00", figures.Latency);
        Assert.Equal(6, figures.Errors);
    }

    [Fact]
    public void Pooled_runs_count_requests_over_their_time_together_and_merge_histograms()
    {
        var pooled = Figures.Pool(WrkRun.ParseAll(TwoRuns));

        // 4,000 requests in 4 s; of the 4,000 latencies merged, the 2,001st is 800 us and the 3,961st 2,000 us.
        Assert.Equal(1000, pooled.Rate);
        Assert.Equal(4000, pooled.Requests);
        Assert.Equal(6, pooled.Errors);
        Assert.Equal("0.80 / 2.00 / 9.00", pooled.Latency);
    }

    [Fact]
    public void A_failed_wrk_run_has_no_figures() => Assert.Null(WrkRun.Parse("unable to connect to 127.0.0.1:1 Connection refused\n"));

    [Fact]
    public void Pooled_percentiles_pick_the_smallest_latency_whose_cumulative_count_reaches_the_rank()
    {
        // 100 latencies: rank for p50 is 51, for p99 is 100 (wrk's rule: p/100 * n + 1, rounded down).
        var (p50, p99, max) = LatencyPool.Percentiles([(10, 50), (20, 1), (30, 48), (40, 1)]);

        Assert.Equal((20L, 40L, 40L), (p50, p99, max));
        Assert.Equal((0L, 0L, 0L), LatencyPool.Percentiles([]));
    }

    [Fact]
    public void Pgbench_runs_pool_transactions_over_time_and_percentiles_from_their_logs()
    {
        const string output = """
            duration: 15 s
            number of transactions actually processed: 30000
            number of failed transactions: 2 (0.007%)
            latency average = 4.000 ms
            """;
        // Per-transaction log: client, transaction, latency in microseconds, script, epoch, microseconds.
        var log = Enumerable.Range(1, 100).Select(i => $"0 {i} {i * 100} 0 1700000000 0");

        var figures = PgbenchRuns.Pool([output, output.Replace("4.000", "6.000", StringComparison.Ordinal)], log);

        Assert.Equal(2000, figures.Rate);
        Assert.Equal(60000, figures.Requests);
        Assert.Equal(4, figures.Errors);
        Assert.Equal(5, figures.MeanMs);
        Assert.Equal("5.00 / 9.90 / 10.00", figures.Latency);
    }
}
