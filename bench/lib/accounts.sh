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

# Limits high enough that the load generator measures the app, not the rate limiter.
bench_unlimited=(OneDay__Security__RateLimits__GlobalPerSecond=1000000 OneDay__Security__RateLimits__GlobalBurst=1000000
  OneDay__Security__RateLimits__AuthPerIpPerMinute=1000000 OneDay__Security__RateLimits__AuthPerAccountPerMinute=1000000)
