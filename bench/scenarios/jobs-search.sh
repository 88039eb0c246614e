# GET /api/jobs?lat=&lon=&radiusKm=3: geo search near random points of Seoul over the seeded open jobs.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="geo search near a point over the seeded open jobs (BENCH_JOBS_SEED, default 100000)"
mode=embedded
method=GET
path=/api/jobs
lua=jobs-search.lua
baseline=none
target_rps=10000
target_p99_ms=20
# Seeding activates three stream consumers per job (saga, notifications, analytics). Idle,
# they are collected ConsumerActivations.IdleMinutes (2) after their job's posting, one collection quantum
# (1 min) at a time, and each of those collections of ~90,000 activations stalls the silo for about a second.
# This scenario measures searching 100k open jobs, not the loader's aftermath: the warm-up outlasts it.
warmup_min=210
app_env=("OneDay__Security__SigningKey=$bench_signing_key" "${bench_unlimited[@]}")
prepare() {
  local tools="${bench:?set by bench/run.sh}/tools/jobs_bench.py"
  python3 "$tools" seed "$1" "$bench_signing_key" "${BENCH_JOBS_SEED:-100000}" >/dev/null || return 1
  BENCH_TOKEN=$(python3 "$tools" token "$bench_signing_key" worker) || return 1
  export BENCH_TOKEN
}
