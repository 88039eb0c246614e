# shellcheck shell=bash
# Helpers for scenario prepare() steps: real accounts through the real API (no back doors).
#   bench_register_and_login BASE_URL ROLE  -> prints "USER_ID ACCESS_TOKEN"

bench_register_and_login() {
  local base=$1 role=$2 email password body id token
  email="bench-$(date +%s%N)-$RANDOM@bench.oneday.dev"
  password="bench passphrase $RANDOM$RANDOM"
  body=$(curl -fs -X POST "$base/api/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench\",\"role\":\"$role\"}") || return 1
  id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$body") || return 1
  body=$(curl -fs -X POST "$base/api/security/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}") || return 1
  token=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])' <<<"$body") || return 1
  echo "$id $token"
}

# A signing key for the scenario being loaded, never reused: cluster-mode gateways refuse to start without
# one, and scenarios that sign their own tokens (tools/jobs_bench.py) sign with it.
# shellcheck disable=SC2034 # read by the scenario files that source this one
bench_signing_key=$(head -c 48 /dev/urandom | base64 -w0)

# Registers COUNT accounts and signs each in: exports BENCH_USER_IDS and BENCH_TOKENS (comma-separated, same order).
bench_accounts() { # BASE_URL ROLE COUNT
  local base=$1 role=$2 count=$3 i account ids=() tokens=()
  for ((i = 0; i < count; i++)); do
    account=$(bench_register_and_login "$base" "$role") || return 1
    ids+=("${account%% *}") tokens+=("${account#* }")
  done
  BENCH_USER_IDS=$(IFS=,; echo "${ids[*]}") BENCH_TOKENS=$(IFS=,; echo "${tokens[*]}")
  export BENCH_USER_IDS BENCH_TOKENS
}

# Limits high enough that the load generator measures the app, not the rate limiter.
# shellcheck disable=SC2034 # read by the scenario files that source this one
bench_unlimited=(OneDay__Security__RateLimits__GlobalPerSecond=1000000 OneDay__Security__RateLimits__GlobalBurst=1000000
  OneDay__Security__RateLimits__AuthPerIpPerMinute=1000000 OneDay__Security__RateLimits__AuthPerAccountPerMinute=1000000)
