# GET /api/users/{id} with a bearer token: JWT validation, rate limiter, one grain call (public view).
# Reads spread over 64 profiles, as real traffic does.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="authenticated GET of grain-backed user profiles (64 users)"
mode=embedded
method=GET
path=/api/users/
lua=users-get.lua
baseline=kestrel
target_ratio=0.7
target_p99_ms=5
# Tokens come from the app's own login, and a run with both sides warmed up and measured in turns outlasts
# the default 10-minute lifetime.
app_env=("${bench_unlimited[@]}" OneDay__Security__PasswordHashIterations=10000 OneDay__Security__AccessTokenMinutes=60)
prepare() { bench_accounts "$1" worker 64; }
