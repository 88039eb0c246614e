# GET /api/users/{id} with a bearer token: JWT validation, rate limiter, one grain call (public view).
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="authenticated GET of a grain-backed user profile"
mode=embedded
method=GET
path=/api/users/-
lua=users-get.lua
baseline=kestrel
target_ratio=0.7
target_p99_ms=5
app_env=("${bench_unlimited[@]}")
prepare() {
  local account
  account=$(bench_register_and_login "$1" worker) || return 1
  export BENCH_USER_ID=${account%% *} BENCH_TOKEN=${account#* }
}
