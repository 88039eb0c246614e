# GET /api/jobs?lat=&lon=&radiusKm=3: geo search near random points of Seoul over the seeded open jobs.
description="geo search near a point over the seeded open jobs (BENCH_JOBS_SEED, default 100000)"
mode=embedded
method=GET
path=/api/jobs
lua=jobs-search.lua
baseline=none
target_rps=10000
target_p99_ms=20
BENCH_JOBS_KEY=$(head -c 48 /dev/urandom | base64 -w0)
app_env=("OneDay__Security__SigningKey=$BENCH_JOBS_KEY"
  "OneDay__Security__RateLimits__GlobalPerSecond=1000000" "OneDay__Security__RateLimits__GlobalBurst=1000000")
prepare() {
  local tools="$bench/tools/jobs_bench.py"
  python3 "$tools" seed "$1" "$BENCH_JOBS_KEY" "${BENCH_JOBS_SEED:-100000}" >/dev/null || return 1
  BENCH_TOKEN=$(python3 "$tools" token "$BENCH_JOBS_KEY" worker) || return 1
  export BENCH_TOKEN
}
