# GET /api/jobs/{id}: JWT validation, authorization, one grain read (the job), problem-free JSON.
# Reads spread over the 100 posted jobs, as real traffic does.
description="authenticated GET of a job (grain-backed read)"
mode=embedded
method=GET
path=/api/jobs
lua=jobs-get.lua
baseline=kestrel
target_ratio=0.7
target_p99_ms=5
# A fixed key for this run only, so the prepare step can sign tokens the app accepts; the global
# per-user rate limit is lifted because one token drives all the load.
BENCH_JOBS_KEY=$(head -c 48 /dev/urandom | base64 -w0)
app_env=("OneDay__Security__SigningKey=$BENCH_JOBS_KEY"
  "OneDay__Security__RateLimits__GlobalPerSecond=1000000" "OneDay__Security__RateLimits__GlobalBurst=1000000")
prepare() {
  local tools="$bench/tools/jobs_bench.py"
  BENCH_JOB_IDS=$(python3 "$tools" seed-ids "$1" "$BENCH_JOBS_KEY" 100) || return 1
  BENCH_TOKEN=$(python3 "$tools" token "$BENCH_JOBS_KEY" worker) || return 1
  export BENCH_JOB_IDS BENCH_TOKEN
}
