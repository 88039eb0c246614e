# shellcheck shell=bash disable=SC2034,SC2154  # sourced by bench/run.sh, which reads these and defines run_dir, bench
# POST /api/jobs/{id}/applications in cluster mode with RabbitMQ streams: the submission saga. Before
# answering 201 the job grain registers the application in PostgreSQL (fsync on) and publishes
# ApplicationSubmitting to RabbitMQ (publisher confirms), the worker's schedule grain notes it (another
# write), and the job writes again and publishes ApplicationSubmitted. The saga grain, the employer
# notification, job analytics and the event store consume both events after the answer. drain() then
# waits until the event store holds every acknowledged application.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="worker applies to a job (cluster, RabbitMQ streams), then the events drain"
mode=cluster
streams=rabbitmq
method=POST
path=/api/jobs
lua=jobs-apply.lua
# An absolute target (issue 5: >= 2,000/s, p99 <= 50 ms); no baseline, because the request costs a grain
# write plus a confirmed publish plus its consumers' writes, which one pgbench upsert does not model.
baseline=none
target_rps=2000
target_p99_ms=50
# Coprime with the worker count: see bench/lua/jobs-apply.lua.
BENCH_APPLY_JOBS=${BENCH_APPLY_JOBS:-1001}
BENCH_APPLY_WORKERS=${BENCH_APPLY_WORKERS:-2048}
BENCH_APPLY_DRAIN_TIMEOUT=${BENCH_APPLY_DRAIN_TIMEOUT:-180}
app_env=("OneDay__Security__SigningKey=$bench_signing_key" "${bench_unlimited[@]}")
prepare() {
  BENCH_APPLY_DIR="$run_dir/apply"
  mkdir -p "$BENCH_APPLY_DIR" && rm -f "$BENCH_APPLY_DIR/runs"
  python3 "$bench/tools/jobs_bench.py" apply-setup "$1" "$bench_signing_key" "$BENCH_APPLY_DIR" \
    "$BENCH_APPLY_JOBS" "$BENCH_APPLY_WORKERS" || return 1
  BENCH_APPLY_SINCE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  export BENCH_APPLY_DIR BENCH_APPLY_SINCE
}
drain() { # URL WARMUP_RAW MEASURED_RAW: every acknowledged application must reach the event store
  local wrk_end expected
  wrk_end=$(date +%s.%N)
  # 2xx answers of both wrk runs: requests minus HTTP errors, timeouts and socket errors.
  expected=$(cat "$2" "$3" | awk '/^BENCH_RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    n += v["requests"] - v["status"] - v["timeout"] - v["read"] - v["write"] - v["connect"] } END { print n + 0 }')
  python3 "$bench/tools/jobs_bench.py" drain "$1" "$bench_signing_key" "$BENCH_APPLY_SINCE" "$expected" \
    "$BENCH_APPLY_DRAIN_TIMEOUT" "$wrk_end"
}
