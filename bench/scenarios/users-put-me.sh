# PUT /api/users/me in cluster mode: each request persists the profile (group-committed grain storage on
# PostgreSQL, fsync on) and appends to the audit chain, spread over many accounts like real traffic.
# shellcheck source=../lib/accounts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/accounts.sh"
description="persisted write: profile update over many accounts (cluster, PostgreSQL)"
mode=cluster
method=PUT
path=/api/users/me
lua=users-put-me.lua
baseline=pgbench
target_ratio=0.5
app_env=("${bench_unlimited[@]}" "OneDay__Security__SigningKey=$bench_signing_key")
# Sign-up cost is not what this measures; the cheapest allowed hash keeps prepare() short.
silo_env=(OneDay__Security__PasswordHashIterations=10000)
prepare() { bench_accounts "$1" worker "${BENCH_ACCOUNTS:-256}"; }
