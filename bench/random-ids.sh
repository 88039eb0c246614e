#!/usr/bin/env bash
# Memory after requests for things that do not exist (issue 17, item 9): starts the embedded app, warms it
# up with real reads and one round of the mix, records its resident memory, sends REQUESTS requests with
# random job ids, user ids, refresh tokens and sign-in emails, waits SETTLE seconds, records it idle, then
# again after the same real reads as the warm-up (bench/README.md says why both).
#
#   bash bench/random-ids.sh            REQUESTS=100000 SETTLE=60 by default;
#                                       BENCH_NOTE=... a short note for the history row
#
# Files the results into bench/results/random-ids.md (the bench runner's `file` command). The target: memory a minute
# later within 10 % of before.
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$root/bench"
out="$bench/.work/random-ids"
requests=${REQUESTS:-100000}
settle=${SETTLE:-60}
invocation="$(env | { grep -E '^(REQUESTS|SETTLE)=' || true; } | sort | tr '\n' ' ')bash bench/random-ids.sh"
# shellcheck source=../scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
# Limits high enough that the load generator measures the app, not the rate limiter.
unlimited=(OneDay__Security__RateLimits__GlobalPerSecond=1000000 OneDay__Security__RateLimits__GlobalBurst=1000000
  OneDay__Security__RateLimits__AuthPerIpPerMinute=1000000 OneDay__Security__RateLimits__AuthPerAccountPerMinute=1000000)

json_field() { # NAME: the string value of a top-level JSON field on stdin
  sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"
}

register_and_login() { # BASE_URL ROLE -> "USER_ID ACCESS_TOKEN": a real account through the real API
  local base=$1 role=$2 email password id token
  email="bench-$(date +%s%N)-$RANDOM@bench.oneday.dev"
  password="bench passphrase $RANDOM$RANDOM"
  id=$(curl -fs -X POST "$base/api/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench\",\"role\":\"$role\"}" | json_field id)
  token=$(curl -fs -X POST "$base/api/security/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json_field accessToken)
  if [ -z "$id" ] || [ -z "$token" ]; then echo "registering a bench account failed" >&2; return 1; fi
  echo "$id $token"
}

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install -y wrk)" >&2; exit 1; }
mkdir -p "$out"
rm -rf "$out/api"
dotnet publish "$root/OneDay.Embedded/OneDay.Embedded.csproj" -c Release -o "$out/api" --artifacts-path "$out/artifacts" \
  -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false >/dev/null

port=$(pg_free_port)
base="http://127.0.0.1:$port"
env "${unlimited[@]}" OneDay__Security__PasswordHashIterations=10000 OneDay__Dashboard=false \
  Logging__LogLevel__Default=Warning dotnet "$out/api/OneDay.Embedded.dll" --urls "$base" >"$out/app.log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$base/health/live" >/dev/null 2>&1 && break; sleep 1; done

account=$(register_and_login "$base" worker)
user_id=${account%% *}
export BENCH_TOKEN=${account#* }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$app/status"; }

# Warm-up on real reads, so JIT, caches and pools have grown to their working size before "before".
cat >"$out/warm.lua" <<LUA
request = function() return wrk.format("GET", "/api/users/$user_id", { ["Authorization"] = "Bearer $BENCH_TOKEN" }) end
LUA
wrk -t2 -c64 -d20s -s "$out/warm.lua" "$base" >/dev/null
# And one round of the measured mix, as the rounds below: the first unknown id, refresh and sign-in compile
# their code paths, grow the thread pool and size the collector's budget for that rate once; that is start-up
# cost, not something each request leaves behind. Were anything kept per request, the 100,000 that follow
# would still show it, at eight times this round's share.
wrk -t2 -c64 -d5s -s "$bench/lua/random-ids.lua" "$base" >"$out/warm-mix.txt"
warm_mix=$(awk '/requests in/ { print $1 }' "$out/warm-mix.txt")
sleep 10
before=$(rss_mb)

sent=0 rounds=0
while [ "$sent" -lt "$requests" ]; do
  wrk -t2 -c64 -d5s --latency -s "$bench/lua/random-ids.lua" "$base" >"$out/round.txt"
  n=$(awk '/requests in/ { print $1 }' "$out/round.txt")
  status=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$out/round.txt" | grep -o '[0-9]*$' || echo 0)
  sent=$((sent + n)) rounds=$((rounds + 1))
done
peak=$(rss_mb)
sleep "$settle"
idle=$(rss_mb)
# For the record, not the verdict: the same real reads as before "before", then memory again. Once the
# activations have been collected anyway, this shows what the garbage collector gives back when it runs.
wrk -t2 -c64 -d20s -s "$out/warm.lua" "$base" >/dev/null
sleep 10
after=$(rss_mb)
idle_change=$(awk -v a="$idle" -v b="$before" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')
change=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')
verdict=$(awk -v a="$idle" -v b="$before" 'BEGIN { print (a <= b * 1.10 ? "PASS" : "FAIL") }')

stamp=$(date -u +%Y-%m-%dT%H%MZ)
commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' dirty')"
note=${BENCH_NOTE:+> Note: ${BENCH_NOTE//$'\n'/ }$'\n\n'}
cat >"$out/results.md" <<MD
# Requests for things that do not exist: memory ($stamp)

${note}Command: \`$invocation\` (commit $commit)

Embedded app (gateway and silo in one process), $requests+ requests in $rounds rounds of wrk -c64 -d5s:
GET /api/jobs/{random}, GET /api/users/{random}, refresh with random ids, sign-in with random emails
(the last round's non-2xx answers: $status, as expected: every one is a 4xx).

| resident memory | MB |
|---|---|
| before (after 20 s of real reads and $warm_mix requests of the mix) | $before |
| right after $sent requests | $peak |
| $settle s later, idle | $idle ($idle_change %) |
| then after the same 20 s of real reads as before "before" | $after ($change %) |

Target: $settle s later, within 10 % of before: **$verdict**. The last row is for the record: after the
same real reads as before "before", the garbage collector has run and given back what it could.
MD
cat "$out/results.md"
dotnet run --project "$bench/OneDay.Bench" -c Release -- file "$out/results.md" | sed "s|^$root/|wrote |"
[ "$verdict" = PASS ]
