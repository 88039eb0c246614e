-- Appended by the bench runner (bench/OneDay.Bench) to every wrk script (after the scenario's own Lua, if any), so this `done`
-- wins. It prints parseable lines; parsing wrk's text table is brittle. Latencies in microseconds.
-- BENCH_HIST is wrk's own latency histogram (microseconds:count, non-empty buckets only), so the harness
-- can take exact percentiles over several runs together, as wrk would over one.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "mean_us=%.0f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
  -- Called with i, the stats object gives the i-th non-empty bucket's value and count (wrk 4).
  local buckets = {}
  for i = 1, #latency do
    local us, count = latency(i)
    buckets[i] = string.format("%d:%d", us, count)
  end
  io.write("BENCH_HIST " .. table.concat(buckets, " ") .. "\n")
end
