#!/usr/bin/env bash
# Benchmarks the real app against same-run baselines and writes bench/results/<date>-<name>.md.
#   bash bench/run.sh [scenario ...]      (BENCH_DURATION seconds per measurement, default 15)
# Scenarios are rows of bench/scenarios.tsv. Baseline and app run one at a time, never together.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/bench/.work"
duration=${BENCH_DURATION:-15}
connections=64
threads=2
# shellcheck source=../scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
mkdir -p "$work" "$root/bench/results"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -d "$work/pg" ] && pg_temp_stop "$work/pg"
}
trap cleanup EXIT INT TERM

echo "Publishing Release builds..."
dotnet publish "$root/OneDay.Api" -c Release -o "$work/api" -v quiet -nologo >"$work/publish.log" 2>&1
dotnet publish "$root/bench/baseline/BareKestrel" -c Release -o "$work/kestrel" -v quiet -nologo >>"$work/publish.log" 2>&1

wait_http() { for _ in $(seq 1 200); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }

start_app() { # mode port
  Logging__LogLevel__Default=Warning Logging__LogLevel__OneDay=Warning OneDay__Dashboard=false \
    dotnet "$work/api/OneDay.Api.dll" --urls "http://127.0.0.1:$2" >"$work/app.log" 2>&1 &
  pids+=($!); app_pid=$!
}
start_kestrel() { dotnet "$work/kestrel/BareKestrel.dll" --urls "http://127.0.0.1:$1" >"$work/kestrel.log" 2>&1 & pids+=($!); kestrel_pid=$!; }

measure() { # url -> "rps p50_ms p99_ms max_ms errors"
  wrk -t"$threads" -c"$connections" -d5s -s "$root/bench/lua/report.lua" "$1" >/dev/null 2>&1  # warm-up, discarded
  local line
  line=$(wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$root/bench/lua/report.lua" "$1" | grep ONEDAY_RESULT)
  awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         printf "%.0f %.2f %.2f %.2f %d\n", v["requests"] / (v["duration_us"] / 1e6), v["p50_us"] / 1000, v["p99_us"] / 1000, v["max_us"] / 1000, v["errors"] }' <<<"$line"
}

stamp=$(date -u +%Y-%m-%dT%H%MZ)
out="$root/bench/results/$stamp-foundation.md"
{
  echo "# Bench run $stamp"
  echo
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (dirty)')"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, dotnet $(dotnet --version), $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2)"
  echo "- command: \`bash bench/run.sh $*\` (BENCH_DURATION=$duration)"
  echo "- load: \`wrk -t$threads -c$connections -d${duration}s -s bench/lua/report.lua URL\` after a 5 s discarded warm-up; wrk shares the 2 cores with the server"
  echo "- the app runs with request logging at Warning (the bare baseline logs nothing either) and the dashboard off"
  echo "- wrk is closed-loop: its p99 hides coordinated omission, so tail latencies here are optimistic"
  echo
  echo "| scenario | app req/s | app p50 / p99 / max ms | baseline | baseline req/s | baseline p99 ms | ratio | target | result |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$out"

port=$(pg_free_port)
while IFS=$'\t' read -r name mode path baseline target p99_target note; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [ $# -gt 0 ] && [[ ! " $* " == *" $name "* ]]; then continue; fi
  echo "== $name ($note)"
  start_kestrel "$port"; wait_http "http://127.0.0.1:$port/json"
  read -r b_rps _ b_p99 _ _ <<<"$(measure "http://127.0.0.1:$port/json")"
  kill "$kestrel_pid"; wait "$kestrel_pid" 2>/dev/null || true

  start_app "$mode" "$port"; wait_http "http://127.0.0.1:$port/health/live"
  curl -fs -o /dev/null "http://127.0.0.1:$port$path" || true
  read -r a_rps a_p50 a_p99 a_max a_err <<<"$(measure "http://127.0.0.1:$port$path")"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true

  ratio=$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN { printf "%.2f", a / b }')
  if [ "$target" = "-" ]; then verdict="info"; target_text="-"
  else
    target_text=">= ${target}x, p99 <= ${p99_target} ms"
    verdict=$(awk -v r="$ratio" -v t="$target" -v p="$a_p99" -v pt="$p99_target" -v e="$a_err" \
      'BEGIN { print (r >= t && p <= pt && e == 0) ? "PASS" : "FAIL" }')
  fi
  echo "| $name | $a_rps | $a_p50 / $a_p99 / $a_max | bare Kestrel | $b_rps | $b_p99 | $ratio | $target_text | $verdict |" >>"$out"
  echo "   app $a_rps req/s (p99 $a_p99 ms, errors $a_err), bare $b_rps req/s -> ${ratio}x $verdict"
done <"$root/bench/scenarios.tsv"

echo "== pgbench upsert ceiling (reference for persisted-write scenarios)"
pg_port=$(pg_free_port)
pg_temp_start "$work/pg" "$pg_port"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d oneday -X -q -c \
  "CREATE TABLE bench_upsert (id integer PRIMARY KEY, payload text NOT NULL, version integer NOT NULL)"
pg_line=$(pgbench -h 127.0.0.1 -p "$pg_port" -U postgres -n -c "$connections" -j "$threads" -T "$duration" \
  -f "$root/bench/pgbench/upsert.sql" oneday 2>/dev/null | grep -E "^tps|latency average")
pg_tps=$(grep -o 'tps = [0-9.]*' <<<"$pg_line" | head -n1 | cut -d' ' -f3)
pg_lat=$(grep -o 'latency average = [0-9.]* ms' <<<"$pg_line" | cut -d' ' -f4)
{
  echo
  echo "pgbench upsert ceiling on a throwaway PostgreSQL (fsync on): **${pg_tps%.*} tx/s**, mean latency ${pg_lat} ms"
  echo "(\`pgbench -n -c $connections -j $threads -T $duration -f bench/pgbench/upsert.sql\`). Persisted-write scenarios are held to >= 0.5x this."
} >>"$out"
echo "Results: $out"
