# GET /api/jobs/{id}: JWT validation, authorization, one grain read (the job), problem-free JSON.
# Reads spread over the 100 posted jobs, as real traffic does.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
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
app_env=("OneDay__Security__SigningKey=$bench_signing_key" "${bench_unlimited[@]}")
prepare() {
  local tools="${bench:?set by bench/run.sh}/tools/jobs_bench.py"
  BENCH_JOB_IDS=$(python3 "$tools" seed-ids "$1" "$bench_signing_key" 100) || return 1
  BENCH_TOKEN=$(python3 "$tools" token "$bench_signing_key" worker) || return 1
  export BENCH_JOB_IDS BENCH_TOKEN
}
