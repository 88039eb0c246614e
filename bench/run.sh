#!/usr/bin/env bash
# Benchmarks the real OneDay app against baselines measured in the same run, on the same machine, one
# process at a time, and files the results into bench/results/<scenario>.md (bench/tools/results.py).
#
#   bash bench/run.sh [--list] [scenario ...]     no names = every bench/scenarios/*.sh
#
# Environment (all optional):
#   BENCH_DURATION=15     seconds of each measured run (wrk and pgbench)
#   BENCH_WARMUP=60       seconds of discarded wrk load at least before each measurement, in rounds of
#   BENCH_WARMUP_ROUND=10 seconds (pgbench warms up for one round); after BENCH_WARMUP, rounds go on until
#   BENCH_WARMUP_TOLERANCE=5  two in a row agree within this many percent (JIT and dynamic PGO have settled),
#   BENCH_WARMUP_MAX=120  for at most this many seconds in all
#   BENCH_PAIRS=3         scenarios with a baseline: pairs of measured runs of app and baseline, in turns
#   BENCH_CONNECTIONS=64  wrk connections / pgbench clients
#   BENCH_THREADS=2       wrk threads / pgbench -j
#   BENCH_NAME=...        the run's name in the results' history rows (default: "all" or the scenario names)
#   BENCH_NOTE=...        a short note for the history rows (what the run measured, for example a change)
#   BENCH_PGBENCH=0|1     also measure the pgbench upsert baseline when no selected scenario needs it
#                         (default: 1 when running every scenario, 0 when scenarios are named)
#   BENCH_SILOS=1         silos started for cluster-mode scenarios (each hosts every domain)
#   BENCH_PG_KEYS=100000  key range of the pgbench upsert baseline
#   BENCH_SCENARIOS_DIR   where scenario files are read from (default bench/scenarios)
# See bench/README.md for the scenario format and how to read the results.
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$root/bench"
work="$bench/.work"
scenarios_dir=${BENCH_SCENARIOS_DIR:-$bench/scenarios}
duration=${BENCH_DURATION:-15}
warmup=${BENCH_WARMUP:-60}
warmup_round=${BENCH_WARMUP_ROUND:-10}
warmup_max=${BENCH_WARMUP_MAX:-120}
warmup_tolerance=${BENCH_WARMUP_TOLERANCE:-5}
pairs=${BENCH_PAIRS:-3}
resume_round=3 # seconds of discarded load after a frozen server is thawed, before its measured run
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
silo_count=${BENCH_SILOS:-1}
pg_keys=${BENCH_PG_KEYS:-100000}
wrk_timeout=10s
# BENCH_NOTE is left out: it is prose, it changes nothing measured, and the results show it as the note.
invocation="$(env | awk '/^BENCH_[A-Z_]+=/ && !/^BENCH_NOTE=/' | sort | tr '\n' ' ')bash bench/run.sh${*:+ $*}"

pg_lib=scripts/lib/postgres.sh
# shellcheck source=../scripts/lib/postgres.sh
source "$root/$pg_lib"
rmq_lib=scripts/lib/rabbitmq.sh
# shellcheck source=../scripts/lib/rabbitmq.sh
source "$root/$rmq_lib"

# ---------------------------------------------------------------- scenarios

reset_scenario() {
  description="" mode=embedded method=GET path="" lua="" body="" baseline=kestrel streams=memory
  target_ratio="" target_p99_ms="" target_rps="" warmup_min=""
  headers=() app_env=() silo_env=()
  unset -f prepare drain 2>/dev/null || true
}

load_scenario() { # FILE: sources it into the variables above, then checks them
  reset_scenario
  # shellcheck disable=SC1090
  source "$1"
  local name; name=$(basename "$1" .sh)
  case $mode in embedded | cluster) ;; *) echo "$1: mode must be embedded or cluster, not '$mode'" >&2; return 1 ;; esac
  case $baseline in kestrel | pgbench | none) ;; *) echo "$1: baseline must be kestrel, pgbench or none" >&2; return 1 ;; esac
  case $streams in memory) ;; rabbitmq) [ "$mode" = cluster ] || { echo "$1: streams=rabbitmq needs mode=cluster" >&2; return 1; } ;;
    *) echo "$1: streams must be memory or rabbitmq" >&2; return 1 ;; esac
  [[ $path == /* ]] || { echo "$1: path must start with /" >&2; return 1; }
  [ -z "$lua" ] || [ -f "$bench/lua/$lua" ] || { echo "$1: bench/lua/$lua not found" >&2; return 1; }
  [ "$baseline" != none ] || [ -z "$target_ratio" ] || { echo "$1: target_ratio needs a baseline" >&2; return 1; }
  [[ $name =~ ^[A-Za-z0-9._-]+$ ]] || { echo "$1: scenario names are [A-Za-z0-9._-]" >&2; return 1; }
}

all_scenarios=()
for f in "$scenarios_dir"/*.sh; do [ -e "$f" ] && all_scenarios+=("$(basename "$f" .sh)"); done

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
if [ "${1:-}" = "--list" ]; then
  for s in "${all_scenarios[@]}"; do
    load_scenario "$scenarios_dir/$s.sh"
    printf '%-24s %-8s %-6s %-32s vs %-7s %s\n' "$s" "$mode" "$method" "$path" "$baseline" "$description"
  done
  exit 0
fi

selected=()
if [ $# -eq 0 ]; then
  selected=("${all_scenarios[@]}")
else
  for s in "$@"; do
    [ -f "$scenarios_dir/$s.sh" ] || { echo "unknown scenario '$s'; known: ${all_scenarios[*]}" >&2; exit 2; }
    selected+=("$s")
  done
fi
[ ${#selected[@]} -gt 0 ] || { echo "no scenarios in $scenarios_dir" >&2; exit 2; }

need_kestrel=0 need_pg=0 need_silo=0 need_rmq=0
for s in "${selected[@]}"; do
  load_scenario "$scenarios_dir/$s.sh"
  [ "$baseline" = kestrel ] && need_kestrel=1
  [ "$baseline" = pgbench ] && need_pg=1
  [ "$mode" = cluster ] && need_pg=1 && need_silo=1
  [ "$streams" = rabbitmq ] && need_rmq=1
done
reference_pgbench=${BENCH_PGBENCH:-$([ $# -eq 0 ] && echo 1 || echo 0)}
[ "$reference_pgbench" = 1 ] && need_pg=1

# ---------------------------------------------------------------- processes: tracked, always stopped

declare -A started=() # pid -> what
notes=()              # problems worth a line in the results file
pg_dir="" pg_port="" pg_cs="" migrated=0
rmq_dir="" rmq_port="" rmq_version="" rmq_erlang=""
after_notes=() # what scenarios' drain() steps reported after their measured run

alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1; [[ $s != Z* ]]; }

stop_pid() { # PID: TERM, up to 15 s to exit, then KILL
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  kill -CONT "$pid" 2>/dev/null || true # a frozen process (freeze) only acts on TERM once it runs again
  for ((i = 0; i < 150; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then echo "   ${started[$pid]:-process} (pid $pid) ignored TERM; killing" >&2; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
  unset "started[$pid]"
}

cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${!started[@]}"; do kill -TERM "$pid" 2>/dev/null || true; kill -CONT "$pid" 2>/dev/null || true; done
  for pid in "${!started[@]}"; do stop_pid "$pid"; done
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then pg_temp_stop "$pg_dir" || true; fi
  if [ -n "$rmq_dir" ] && [ -d "$rmq_dir" ]; then rmq_temp_stop "$rmq_dir" || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench/run.sh: interrupted" >&2; exit 130' INT
trap 'echo "bench/run.sh: terminated" >&2; exit 143' TERM
trap 'echo "bench/run.sh: line $LINENO: \"$BASH_COMMAND\" failed" >&2' ERR

commands=() # every command line of the run, for the results file
# Key values are left out: a key printed in a committed results file is published (published-keys.txt).
record() {
  local line; line=$(printf '%q ' "$@"); line=${line% }
  line=$(sed -E 's/(Key=)[A-Za-z0-9+\/=\\]+/\1<random>/g' <<<"$line")
  commands+=("${line//$root\//}")
}

# Servers start in their publish directory (env -C), as a deployment runs them: from the repository root
# their configuration-reload watcher would watch every directory below it, including the live PostgreSQL
# and RabbitMQ data of the run, and spend a fifth of the gateway's CPU on it.
spawn() { # NAME LOG CMD...: a long-running process in the background; its pid in $spawned
  local name=$1 log=$2; shift 2
  record "$@"
  "$@" >"$log" 2>&1 9>&- &
  spawned=$!
  started[$spawned]=$name
}

run_tracked() { # NAME OUT CMD...: a foreground tool run in the background and waited for, so traps fire at once
  local name=$1 out=$2 pid rc=0; shift 2
  "$@" >"$out" 2>&1 9>&- &
  pid=$!
  started[$pid]=$name
  wait "$pid" || rc=$?
  unset "started[$pid]"
  return $rc
}

declare -A ports_used=()
take_port() { # VAR: a free loopback port, never one already handed out in this run
  local p
  while :; do p=$(pg_free_port); [ -z "${ports_used[$p]:-}" ] && break; done
  ports_used[$p]=1
  printf -v "$1" %s "$p"
}

busy_checks=() # "label: N%", CPU used by others right before each measurement (none of ours under load)
cpu_busy_check() { # LABEL: samples /proc/stat over 1 s
  local a b
  read -r -a a < <(head -n1 /proc/stat); sleep 1; read -r -a b < <(head -n1 /proc/stat)
  local busy
  busy=$(awk -v u="$((b[1] + b[2] + b[3] + b[6] + b[7] + b[8] - a[1] - a[2] - a[3] - a[6] - a[7] - a[8]))" \
    -v t="$((b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7] + b[8] - a[1] - a[2] - a[3] - a[4] - a[5] - a[6] - a[7] - a[8]))" \
    'BEGIN { printf "%.0f", (t > 0 ? 100 * u / t : 0) }')
  busy_checks+=("$1 $busy%")
  if [ "$busy" -gt 15 ]; then
    echo "   warning: the machine is ${busy}% busy with other processes before $1; numbers will be disturbed" >&2
    notes+=("Before $1 the machine was already ${busy}% busy with processes this run did not start: treat that measurement with care.")
  fi
}

# A server waiting for its turn is frozen (SIGSTOP), so it uses no CPU at all while the other one is measured;
# an idle Orleans silo still runs timers, which would slow the bare baseline and flatter the app.
freeze() { local pid; for pid in "$@"; do kill -STOP "$pid" 2>/dev/null || true; done; }
thaw() { local pid; for pid in "$@"; do kill -CONT "$pid" 2>/dev/null || true; done; }

wait_http() { # URL SECONDS PID...: until URL answers 2xx; fails early when one of the PIDs died
  local url=$1 secs=$2 i pid; shift 2
  for ((i = 0; i < secs * 10; i++)); do
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    for pid in "$@"; do alive "$pid" || return 1; done
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------- setup

# One run at a time: two runs would load the same 2 cores and spoil each other's numbers.
mkdir -p "$work"
exec 9>"$work/run.lock"
flock -n 9 || { echo "another bench/run.sh is running (lock: ${work#"$root"/}/run.lock)" >&2; exit 1; }

stamp=$(date -u +%Y-%m-%dT%H%MZ)
if [ -n "${BENCH_NAME:-}" ]; then short_name=$BENCH_NAME
elif [ $# -eq 0 ]; then short_name=all
else short_name=$(IFS=+; echo "${selected[*]}"); fi
short_name=${short_name//[^A-Za-z0-9._+-]/_}
run_dir="$work/runs/$stamp-$$"
mkdir -p "$run_dir/logs" "$run_dir/lua" "$run_dir/raw" "$bench/results"
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

if ! command -v wrk >/dev/null; then
  echo "Installing wrk..."
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
for tool in curl python3 awk; do command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 1; }; done
if [ "$need_pg" = 1 ] && ! { command -v pgbench >/dev/null && command -v psql >/dev/null; }; then echo "pgbench and psql are required" >&2; exit 1; fi
if [ "$need_rmq" = 1 ] && [ ! -x "$rmq_bin/rabbitmq-server" ]; then echo "rabbitmq-server is required (apt-get install -y rabbitmq-server)" >&2; exit 1; fi

publish() { # PROJECT OUTDIR: Release publish, obj/bin isolated under bench/.work/artifacts
  local project=$1 out=$2 log
  log="$run_dir/logs/publish-$(basename "$out").log"
  rm -rf "$out"
  local cmd=(dotnet publish "$project" -c Release -o "$out" --artifacts-path "$work/artifacts" -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false)
  record "${cmd[@]}"
  echo "Publishing $(basename "$project") (Release)..."
  if ! run_tracked publish "$log" "${cmd[@]}"; then
    echo "dotnet publish $(basename "$project") failed; the end of $log:" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
}
commands+=("# build")
[ "$need_kestrel" = 1 ] && publish "$root/bench/baseline/BareKestrel/BareKestrel.csproj" "$work/kestrel"
publish "$root/OneDay.Embedded/OneDay.Embedded.csproj" "$work/embedded"
[ "$need_silo" = 1 ] && publish "$root/OneDay.Api/OneDay.Api.csproj" "$work/api"
[ "$need_silo" = 1 ] && publish "$root/OneDay.Silo/OneDay.Silo.csproj" "$work/silo"

app_log_env=(Logging__LogLevel__Default=Warning Logging__LogLevel__OneDay=Warning)

ensure_pg() { # a throwaway PostgreSQL for the whole run (fsync on: the server default)
  [ -n "$pg_port" ] && return 0
  take_port pg_port
  pg_dir="$run_dir/pg"
  commands+=("# throwaway PostgreSQL ($pg_lib)" "pg_temp_start ${pg_dir#"$root"/} $pg_port")
  echo "Starting a throwaway PostgreSQL on 127.0.0.1:$pg_port..."
  pg_temp_start "$pg_dir" "$pg_port" 9>&- || return 1
  pg_cs="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=oneday"
  pg_settings=$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d oneday -X -A -t -F ' = ' -c \
    "SELECT name, setting || coalesce(unit, '') FROM pg_settings
      WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', 'shared_buffers', 'max_connections')
      ORDER BY name" | paste -sd, - | sed 's/,/, /g')
  pg_version=$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d oneday -X -A -t -c "SHOW server_version")
}

# Rows written per table and commits, from PostgreSQL's own statistics: taken before a cluster scenario's
# warm-up and after its drain, they say where a request's durable writes go (issue 5: "where the time goes").
pg_writes_snapshot() { # OUT_FILE
  [ -n "$pg_port" ] || return 0
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d oneday -X -A -t -F ' ' -c \
    "SELECT '(commits)', xact_commit, 0, 0 FROM pg_stat_database WHERE datname = current_database()
     UNION ALL SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables
     UNION ALL SELECT 'state:' || state_name || '|' || split_part(grain_id, '/', 1), sum(version), 0, 0
                 FROM oneday_grain_state GROUP BY 1" >"$1" 2>/dev/null || : >"$1"
}

pg_writes_report() { # BEFORE AFTER REQUESTS [PGBENCH_TX]: a markdown table of the differences, per request
  # pgbench runs taken in turns with the app fall inside the window: their table is left out, and their
  # transactions are taken off the commits.
  # Lines "state:NAME|GRAIN-TYPE SUM(version)" count grain-state writes per kind of state: every write adds
  # one to its row's version, so the growth of the sum is the number of writes in the window.
  awk -v n="$3" -v pgbench_tx="${4:-0}" 'NR == FNR { ins[$1] = $2; upd[$1] = $3; del[$1] = $4; next }
    $1 == "public.bench_upsert" { next }
    $1 ~ /^state:/ { w = $2 - ins[$1]; if (w == 0) next; split(substr($1, 7), kind, "|")
      states[$1] = sprintf("| %s | %s | %d | %.2f |", kind[1], kind[2], w, (n > 0 ? w / n : 0)); next }
    { i = $2 - ins[$1]; u = $3 - upd[$1]; d = $4 - del[$1]; if ($1 == "(commits)") i -= pgbench_tx; if (i + u + d == 0) next
      rows[$1] = sprintf("| %s | %d | %d | %d | %.2f |", $1, i, u, d, (n > 0 ? (i + u + d) / n : 0)) }
    END {
      print "PostgreSQL writes from the end of prepare() to the end of the run (warm-up, measurement, drain if any;"
      print "`pg_stat_database`, `pg_stat_user_tables`;"
      print "rows inserted, updated and deleted per table; the commits row counts transactions" (pgbench_tx > 0 ? ", less the " pgbench_tx " of the pgbench runs taken in turns" : "") "), per request over " n " requests:"
      print ""; print "| table | inserted | updated | deleted | per request |"; print "|---|---|---|---|---|"
      fflush()
      for (t in rows) print rows[t] | "sort"
      close("sort")
      if (length(states) == 0) exit
      print ""; print "Of those, grain-state writes (`oneday_grain_state`) by state and grain type:"
      print ""; print "| state | grain type | writes | per request |"; print "|---|---|---|---|"
      fflush()
      for (t in states) print states[t] | "sort"
      close("sort")
    }' "$1" "$2"
}

# CPU time of a process and all its descendants, in clock ticks (utime + stime from /proc).
tree_ticks() { # PID
  if [ -z "$1" ] || [ ! -d "/proc/$1" ]; then echo 0; return 0; fi
  awk -v root="$1" '{ sub(/^[0-9]+ \(.*\) /, ""); ppid[FILENAME] = $2; t[FILENAME] = $12 + $13 }
    END { for (f in ppid) { split(f, a, "/"); pid[a[3]] = f }
      n = 0; queue[n++] = root; sum = 0
      for (i = 0; i < n; i++) { p = queue[i]; if (p in pid) sum += t[pid[p]]
        for (q in pid) if (ppid[pid[q]] == p) queue[n++] = q }
      print sum + 0 }' /proc/[0-9]*/stat 2>/dev/null || echo 0
}

# Who used the two cores during a cluster scenario's measured run: the gateway, each silo, PostgreSQL and
# RabbitMQ (each with its child processes), and everything else (wrk, the kernel's own work) as the rest.
cpu_snapshot() { # OUT_FILE
  local i
  {
    echo "total $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
    echo "gateway $(tree_ticks "${app_pids[0]:-}")"
    for ((i = 1; i < ${#app_pids[@]}; i++)); do echo "silo-$i $(tree_ticks "${app_pids[$i]}")"; done
    [ -z "$pg_dir" ] || echo "postgresql $(tree_ticks "$(head -n1 "$pg_dir/data/postmaster.pid" 2>/dev/null)")"
    [ -z "${rmq_dir:-}" ] || echo "rabbitmq $(tree_ticks "$(cat "$rmq_dir/launcher.pid" 2>/dev/null)")"
  } >"$1"
}

cpu_report() { # BEFORE AFTER REQUESTS SECONDS: a markdown table of CPU per component
  awk -v n="$3" -v secs="$4" -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next }
    { d[$1] = ($2 - before[$1]) / hz; order[++k] = $1 }
    END {
      print "CPU time during the measured run (/proc; each component with its child processes; the rest is wrk and"
      print "the kernel), per request over the " n " requests wrk counted in " secs " s:"
      print ""; print "| component | CPU s | cores busy | CPU ms per request |"; print "|---|---|---|---|"
      rest = d["total"]
      for (i = 1; i <= k; i++) { c = order[i]; if (c == "total") continue; rest -= d[c]
        printf "| %s | %.1f | %.2f | %.2f |\n", c, d[c], d[c] / secs, (n > 0 ? d[c] * 1000 / n : 0) }
      printf "| rest (wrk, kernel) | %.1f | %.2f | %.2f |\n", rest, rest / secs, (n > 0 ? rest * 1000 / n : 0)
      printf "| all | %.1f | %.2f | %.2f |\n", d["total"], d["total"] / secs, (n > 0 ? d["total"] * 1000 / n : 0)
    }' "$1" "$2"
}

ensure_rmq() { # a throwaway RabbitMQ node for the whole run (scenarios with streams=rabbitmq)
  [ -n "$rmq_port" ] && return 0
  take_port rmq_port
  rmq_dir="$run_dir/rabbitmq"
  commands+=("# throwaway RabbitMQ ($rmq_lib)" "rmq_temp_start ${rmq_dir#"$root"/} $rmq_port")
  echo "Starting a throwaway RabbitMQ on 127.0.0.1:$rmq_port..."
  rmq_temp_start "$rmq_dir" "$rmq_port" 9>&- || return 1
  rmq_version=$(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null || echo unknown)
  rmq_erlang=$(dpkg-query -W -f '${Version}' erlang-base 2>/dev/null || echo unknown)
}

ensure_migrated() {
  [ "$migrated" = 1 ] && return 0
  ensure_pg || return 1
  local cmd=(env "OneDay__Postgres__ConnectionString=$pg_cs" dotnet "$work/silo/OneDay.Silo.dll" migrate)
  record "${cmd[@]}"
  run_tracked migrate "$run_dir/logs/migrate.log" "${cmd[@]}" || { tail -n 30 "$run_dir/logs/migrate.log" >&2; return 1; }
  migrated=1
}

# ---------------------------------------------------------------- measurements (set r_* globals)

raw_files=() # label|file, for the raw outputs section

wrk_requests() { # RAWFILE...: the requests of every wrk run in them, summed
  awk '/^BENCH_RESULT/ { for (i = 2; i <= NF; i++) if ($i ~ /^requests=/) n += substr($i, 10) } END { print n + 0 }' "$@"
}

parse_wrk() { # RAWFILE -> r_rps r_p50 r_p99 r_max r_mean r_n r_err (latencies in ms)
  local line
  line=$(grep -m1 '^BENCH_RESULT' "$1") || { echo "no BENCH_RESULT line in $1" >&2; return 1; }
  read -r r_rps r_p50 r_p99 r_max r_mean r_n r_err < <(awk '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%.0f %.2f %.2f %.2f %.2f %d %d\n", v["requests"] / (v["duration_us"] / 1e6),
        v["p50_us"] / 1000, v["p99_us"] / 1000, v["max_us"] / 1000, v["mean_us"] / 1000, v["requests"],
        v["connect"] + v["read"] + v["write"] + v["status"] + v["timeout"] }' <<<"$line")
}

# Percentiles over several wrk runs together, from the histograms report.lua prints (BENCH_HIST), picked
# the way wrk picks them from one run: the smallest latency whose cumulative count reaches the rank.
pooled_latency() { # RAWFILE... -> "p50_ms p99_ms max_ms"
  grep -h '^BENCH_HIST' "$@" | tr ' ' '\n' | grep ':' | sort -t: -k1,1n | awk -F: '{ v[NR] = $1; c[NR] = $2; n += $2 }
    END { if (NR == 0) { print "0 0 0"; exit }
      split("50 99", ps, " ")
      for (j = 1; j <= 2; j++) { rank = int(ps[j] / 100 * n + 1); t = 0
        for (k = 1; k <= NR; k++) { t += c[k]; if (t >= rank) { p[j] = v[k]; break } } }
      printf "%.2f %.2f %.2f\n", p[1] / 1000, p[2] / 1000, v[NR] / 1000 }'
}

pooled_wrk() { # RAWFILE... -> r_rps r_p50 r_p99 r_max r_n r_err over all the runs together
  read -r r_rps r_n r_err < <(awk '/^BENCH_RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      n += v["requests"]; us += v["duration_us"]; e += v["connect"] + v["read"] + v["write"] + v["status"] + v["timeout"] }
    END { printf "%.0f %d %d\n", (us > 0 ? n / (us / 1e6) : 0), n, e }' "$@")
  read -r r_p50 r_p99 r_max < <(pooled_latency "$@")
}

warmups=() # label|rates of each warm-up round, for the report

wrk_args() { # URL SCRIPT [wrk args...] -> the wrk command line's arguments in $w_args
  local url=$1 script=$2; shift 2
  w_args=(-t"$threads" -c"$connections" --timeout "$wrk_timeout" --latency -s "$script" "$@" "$url")
}

wrk_warm_up() { # LABEL URL SCRIPT [wrk args...]: discarded rounds until the rate has settled
  local label=$1; shift
  wrk_args "$@"
  local args=("${w_args[@]}") round=0 spent=0 previous=0 rates=() settled=no
  # A scenario may ask for a longer warm-up than BENCH_WARMUP (warmup_min); the rounds still stop once two agree.
  local floor=${warmup_min:-$warmup} ceiling=$warmup_max
  [ "$floor" -lt "$ceiling" ] || ceiling=$((floor + 2 * warmup_round))
  echo "   $label: warm-up of ${floor}-${ceiling}s in ${warmup_round}s rounds  ($1)"
  commands+=("# $label: warm-up rounds, discarded: at least ${floor} s, then until two in a row agree within ${warmup_tolerance}% (at most ${ceiling} s)")
  record wrk -d"${warmup_round}s" "${args[@]}"
  # One file with every round: a scenario's drain() counts what the warm-up's requests started too.
  : >"$run_dir/raw/$label-warmup.txt"
  while [ "$spent" -lt "$ceiling" ]; do
    round=$((round + 1))
    spent=$((spent + warmup_round))
    run_tracked wrk "$run_dir/raw/$label-warmup-$round.txt" wrk -d"${warmup_round}s" "${args[@]}" || true
    cat "$run_dir/raw/$label-warmup-$round.txt" >>"$run_dir/raw/$label-warmup.txt"
    parse_wrk "$run_dir/raw/$label-warmup-$round.txt" 2>/dev/null || break
    rates+=("$r_rps")
    # Two rounds alike early on prove little (the JIT works through methods gradually), so not before the floor.
    if [ "$spent" -ge "$floor" ] && [ "$previous" -gt 0 ] \
      && [ $(((r_rps > previous ? r_rps - previous : previous - r_rps) * 100)) -le $((previous * warmup_tolerance)) ]; then
      settled=yes
      break
    fi
    previous=$r_rps
  done
  echo "      warm-up: ${rates[*]:-none} req/s ($([ "$settled" = yes ] && echo settled || echo "not settled within ${ceiling}s"))"
  warmups+=("$label|${rates[*]:-none}|$settled")
}

wrk_once() { # LABEL URL SCRIPT [wrk args...]: one measured run into raw/LABEL.txt, parsed into r_*
  local label=$1; shift
  wrk_args "$@"
  record wrk -d"${duration}s" "${w_args[@]}"
  [ -z "${cpu_label:-}" ] || cpu_snapshot "$run_dir/raw/$cpu_label-cpu-before.txt"
  run_tracked wrk "$run_dir/raw/$label.txt" wrk -d"${duration}s" "${w_args[@]}" || { cat "$run_dir/raw/$label.txt" >&2; return 1; }
  [ -z "${cpu_label:-}" ] || cpu_snapshot "$run_dir/raw/$cpu_label-cpu-after.txt"
  raw_files+=("$label|$run_dir/raw/$label.txt")
  parse_wrk "$run_dir/raw/$label.txt" || return 1
  echo "      $label: $r_rps req/s, p50 $r_p50 ms, p99 $r_p99 ms, max $r_max ms, errors $r_err"
}

wrk_measure() { # LABEL URL SCRIPT [wrk args...]: warm-up rounds (discarded), then the measured run
  wrk_warm_up "$@" && wrk_once "$@"
}

pair_lines=() # per scenario and pair: each side's req/s and the ratio, for the report

ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; } # APP BASELINE

# BENCH_PAIRS pairs of measured runs, app first in odd pairs and baseline first in even ones. Each step is
# called with the pair's number and leaves its run's rate in r_rps; a failed step ends the turns.
take_turns() { # NAME APP_STEP BASELINE_STEP
  local name=$1 app_step=$2 base_step=$3 k side first second pair_app pair_base
  for ((k = 1; k <= pairs; k++)); do
    if ((k % 2)); then first=app second=baseline; else first=baseline second=app; fi
    for side in $first $second; do
      if [ "$side" = app ]; then "$app_step" "$k" || return 1; pair_app=$r_rps
      else "$base_step" "$k" || return 1; pair_base=$r_rps; fi
    done
    pair_lines+=("$name|$k|$first first|$pair_app|$pair_base|$(ratio_of "$pair_app" "$pair_base")")
  done
}

# The app against bare Kestrel, in turns: both are warmed up, then BENCH_PAIRS pairs of measured runs follow,
# app then baseline in odd pairs and baseline then app in even ones, the server not being measured frozen.
# This shared machine's speed drifts by a third over minutes; measured one after the other, app and baseline
# caught different moments of it, and the ratio moved with the drift. In turns, a drift falls on both sides.
# The baseline gets the app run's own wrk script and headers (same paths, tokens and Lua), so the load
# generator, which shares the cores, costs the same on both sides. Sets app_* and b_* from the pooled runs.
measure_paired() { # NAME PATH SCRIPT [wrk args...]: the app is up (app_pids, app_url) and prepared
  local name=$1 path=$2 script=$3 port pid wrk_extra; shift 3
  wrk_extra=("$@")
  local app_target="$app_url$path" base_target
  wrk_warm_up "$name-app" "$app_target" "$script" "$@" || return 1
  freeze "${app_pids[@]}"
  take_port port
  base_target="http://127.0.0.1:$port$path"
  commands+=("# $name-baseline: bare Kestrel, the scenario's wrk script and headers (the app frozen with SIGSTOP meanwhile)")
  spawn kestrel "$run_dir/logs/$name-kestrel.log" env -C "$work/kestrel" dotnet "$work/kestrel/BareKestrel.dll" --urls "http://127.0.0.1:$port"
  pid=$spawned
  wait_http "http://127.0.0.1:$port/json" 30 "$pid" || { cat "$run_dir/logs/$name-kestrel.log" >&2; echo "bare Kestrel did not start" >&2; stop_pid "$pid"; return 1; }
  wrk_warm_up "$name-baseline" "$base_target" "$script" "$@" || { stop_pid "$pid"; return 1; }
  freeze "$pid"
  cpu_busy_check "$name-pairs"
  commands+=("# $name: $pairs pairs of measured runs in turns (app first in odd pairs, baseline first in even ones); before each, the side's server is thawed (SIGCONT, the other one frozen) and gets ${resume_round} s of discarded load")
  wrk_args "$base_target" "$script" "$@"; local base_args=("${w_args[@]}")
  wrk_args "$app_target" "$script" "$@"; local app_args=("${w_args[@]}")
  record wrk -d"${resume_round}s" "${app_args[@]}"
  local app_files=() base_files=()
  take_turns "$name" kestrel_app_turn kestrel_baseline_turn || { stop_pid "$pid"; return 1; }
  thaw "${app_pids[@]}"
  stop_pid "$pid"
  pooled_wrk "${base_files[@]}"
  b_name="bare Kestrel, same requests, in turns"; b_rps=$r_rps; b_lat=$(fmt_lat "$r_p50" "$r_p99" "$r_max")
  pooled_wrk "${app_files[@]}"
}

# measure_paired's turns (they read its locals): thaw one server, freeze the other, then load and measure.
kestrel_app_turn() { # PAIR
  freeze "$pid"; thaw "${app_pids[@]}"
  run_tracked wrk "$run_dir/raw/$name-app-resume-$1.txt" wrk -d"${resume_round}s" "${app_args[@]}" || true
  wrk_once "$name-app-$1" "$app_target" "$script" "${wrk_extra[@]}" || return 1
  app_files+=("$run_dir/raw/$name-app-$1.txt")
}

kestrel_baseline_turn() { # PAIR
  freeze "${app_pids[@]}"; thaw "$pid"
  run_tracked wrk "$run_dir/raw/$name-baseline-resume-$1.txt" wrk -d"${resume_round}s" "${base_args[@]}" || true
  wrk_once "$name-baseline-$1" "$base_target" "$script" "${wrk_extra[@]}" || return 1
  base_files+=("$run_dir/raw/$name-baseline-$1.txt")
}

pgbench_conn() { pg_args=(-h 127.0.0.1 -p "$pg_port" -U postgres); pg_bench_args=(-n -c "$connections" -j "$threads" -D "keys=$pg_keys" -f "$bench/pgbench/upsert.sql"); }

pgbench_prepare() { # LABEL: a fresh pre-filled table and one discarded warm-up round
  local label=$1
  ensure_pg
  cpu_busy_check "$label"
  mkdir -p "$run_dir/pglog"
  pgbench_conn
  commands+=("# $label: raw pgbench upsert baseline")
  local schema=(psql "${pg_args[@]}" -d oneday -X -q -v ON_ERROR_STOP=1 -v "keys=$pg_keys" -f "$bench/pgbench/schema.sql")
  record "${schema[@]}"
  run_tracked psql "$run_dir/logs/$label-schema.log" "${schema[@]}" || { cat "$run_dir/logs/$label-schema.log" >&2; return 1; }
  echo "   $label: ${warmup_round}s warm-up  (pgbench upserts, $connections clients)"
  record pgbench "${pg_args[@]}" "${pg_bench_args[@]}" -T "$warmup_round" oneday
  run_tracked pgbench "$run_dir/raw/$label-warmup.txt" pgbench "${pg_args[@]}" "${pg_bench_args[@]}" -T "$warmup_round" oneday || true
}

pgbench_once() { # LABEL: one measured run, its per-transaction log kept under pglog/ for pooled percentiles
  local label=$1 raw="$run_dir/raw/$1.txt"
  pgbench_conn
  local cmd=(pgbench "${pg_args[@]}" "${pg_bench_args[@]}" -T "$duration" -l "--log-prefix=$run_dir/pglog/$label" oneday)
  record "${cmd[@]}"
  run_tracked pgbench "$raw" "${cmd[@]}" || { cat "$raw" >&2; return 1; }
  raw_files+=("$label|$raw")
  pooled_pgbench "$label"
  echo "      $label: $r_rps tx/s, p50 $r_p50 ms, p99 $r_p99 ms, max $r_max ms, failed $r_err"
}

pooled_pgbench() { # LABEL...: r_rps r_n r_err r_mean r_p50 r_p99 r_max over the measured runs together
  local label files=() logs=()
  for label in "$@"; do files+=("$run_dir/raw/$label.txt"); logs+=("$run_dir/pglog/$label".*); done
  read -r r_rps r_n r_err r_mean < <(awk '/^number of transactions actually processed:/ { n += $6 }
      /^number of failed transactions:/ { e += $5 } /^latency average =/ { l += $4; k++ }
      /^duration:/ { d += $2 }
      END { printf "%.0f %d %d %.3f\n", (d > 0 ? n / d : 0), n, e, (k > 0 ? l / k : 0) }' "${files[@]}")
  read -r r_p50 r_p99 r_max < <(cat "${logs[@]}" | awk '$3 ~ /^[0-9]+$/ { print $3 }' | sort -n | awk '
    { a[NR] = $1 }
    END { if (NR == 0) { print "- - -"; exit }
          i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++; i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
          printf "%.2f %.2f %.2f\n", a[i50] / 1000, a[i99] / 1000, a[NR] / 1000 }')
}

measure_pgbench() { # LABEL: the pgbench baseline alone (the reference row of runs without a pgbench scenario)
  pgbench_prepare "$1" && pgbench_once "$1"
}

# Against pgbench, in turns as against bare Kestrel: pgbench runs on the same PostgreSQL while the app's
# processes (gateway and silos) are frozen, and nothing else runs while the app is measured. The first app
# run is the one whose CPU is broken down per component. Sets app_* and b_* from the pooled runs.
measure_paired_pgbench() { # NAME URL SCRIPT [wrk args...]: the app is up and prepared, pgbench_prepare ran
  local name=$1 url=$2 script=$3 frozen=0 wrk_extra; shift 3
  wrk_extra=("$@")
  wrk_warm_up "$name-app" "$url" "$script" "$@" || return 1
  wrk_args "$url" "$script" "$@"; local app_args=("${w_args[@]}")
  commands+=("# $name: $pairs pairs of measured runs in turns (app first in odd pairs, pgbench first in even ones); the app's processes are frozen (SIGSTOP) while pgbench runs, and get ${resume_round} s of discarded load once thawed")
  record wrk -d"${resume_round}s" "${app_args[@]}"
  local app_runs=() base_runs=() extra=()
  take_turns "$name" pgbench_app_turn pgbench_baseline_turn || { thaw "${app_pids[@]}"; return 1; }
  thaw "${app_pids[@]}"
  # A drain step counts every request the app got; here they are spread over several runs.
  cat "${app_runs[@]}" "${extra[@]}" >"$run_dir/raw/$name-app-all.txt"
  pooled_pgbench "${base_runs[@]}"
  b_name="pgbench upsert (tx/s), in turns"; b_rps=$r_rps; b_lat=$(fmt_lat "$r_p50" "$r_p99" "$r_max"); pgbench_tx=$r_n
  pg_row="| $b_rps | $b_lat | ${r_mean:-} ms | $r_err |"
  pooled_wrk "${app_runs[@]}"
}

# measure_paired_pgbench's turns (they read its locals). The first app run keeps the plain label: its CPU is
# the one broken down per component, and a drain step finds it there.
pgbench_app_turn() { # PAIR
  local label="$name-app"; [ "$1" = 1 ] || label="$name-app-$1"
  if [ "$frozen" = 1 ]; then
    thaw "${app_pids[@]}"; frozen=0
    run_tracked wrk "$run_dir/raw/$name-app-resume-$1.txt" wrk -d"${resume_round}s" "${app_args[@]}" || true
    extra+=("$run_dir/raw/$name-app-resume-$1.txt")
  fi
  cpu_label=$([ "$1" = 1 ] && [ "$mode" = cluster ] && echo "$name") wrk_once "$label" "$url" "$script" "${wrk_extra[@]}" || return 1
  app_runs+=("$run_dir/raw/$label.txt")
}

pgbench_baseline_turn() { # PAIR
  freeze "${app_pids[@]}"; frozen=1
  pgbench_once "$name-baseline-$1" || return 1
  base_runs+=("$name-baseline-$1")
}

app_pids=()
start_app() { # NAME: embedded gateway+silo, or cluster silos + gateway; sets app_url, app_pids
  local name=$1 port log p1 p2
  take_port port
  app_url="http://127.0.0.1:$port"
  app_pids=()
  log="$run_dir/logs/$name-app.log"
  cpu_busy_check "$name-app"
  if [ "$mode" = embedded ]; then
    commands+=("# $name: the app, embedded")
    take_port p1; take_port p2
    spawn app "$log" env -C "$work/embedded" "${app_log_env[@]}" "OneDay__Silo__SiloPort=$p1" "OneDay__Silo__GatewayPort=$p2" \
      "${app_env[@]}" dotnet "$work/embedded/OneDay.Embedded.dll" --urls "$app_url"
    app_pids=("$spawned")
  else
    ensure_migrated || return 1
    local cluster_id="bench-$stamp-$name" i stream_env=() gateways=""
    cluster_id=${cluster_id,,}
    if [ "$streams" = rabbitmq ]; then
      ensure_rmq || return 1
      # Own queues per scenario, so nothing a previous scenario left in the broker reaches this cluster.
      stream_env=(OneDay__Streams__Provider=RabbitMQ OneDay__RabbitMq__Host=127.0.0.1 "OneDay__RabbitMq__Port=$rmq_port"
        "OneDay__RabbitMq__QueueNamePrefix=bench-$name")
    fi
    commands+=("# $name: the app, cluster mode ($silo_count silo(s) + gateway on PostgreSQL)")
    # Without TLS between silos and gateway, as in the results recorded before it existed (comparable runs).
    local no_tls=OneDay__Tls__Enabled=false
    for ((i = 1; i <= silo_count; i++)); do
      take_port p1; take_port p2
      spawn "silo-$i" "$run_dir/logs/$name-silo-$i.log" env -C "$work/silo" "${app_log_env[@]}" OneDay__Mode=Cluster \
        "OneDay__ClusterId=$cluster_id" "OneDay__Postgres__ConnectionString=$pg_cs" \
        "OneDay__Silo__SiloPort=$p1" "OneDay__Silo__GatewayPort=$p2" "OneDay__Security__SiloKey=${bench_signing_key:?cluster scenarios source bench/lib/accounts.sh}" \
        "$no_tls" "${stream_env[@]}" "${silo_env[@]}" \
        dotnet "$work/silo/OneDay.Silo.dll"
      app_pids+=("$spawned")
      gateways="${gateways:+$gateways,}127.0.0.1:$p2"
    done
    spawn gateway "$log" env -C "$work/api" "${app_log_env[@]}" OneDay__Mode=Cluster "OneDay__ClusterId=$cluster_id" \
      "OneDay__Gateways=$gateways" "$no_tls" "${app_env[@]}" dotnet "$work/api/OneDay.Api.dll" --urls "$app_url"
    app_pids=("$spawned" "${app_pids[@]}")
  fi
  local limit=60; [ "$mode" = cluster ] && limit=180
  wait_http "$app_url/health/ready" "$limit" "${app_pids[@]}"
}

stop_app() { local pid; for pid in "${app_pids[@]}"; do stop_pid "$pid"; done; app_pids=(); }

app_logs_tail() { local f; for f in "$run_dir/logs/$1"-{app,silo-*}.log; do [ -f "$f" ] && { echo "--- ${f#"$root"/}"; tail -n 15 "$f"; }; done; return 0; }

# ---------------------------------------------------------------- the run

rows=() failures=0
fmt_lat() { echo "$1 / $2 / $3"; }

i=0
for name in "${selected[@]}"; do
  i=$((i + 1))
  load_scenario "$scenarios_dir/$name.sh"
  echo "== [$i/${#selected[@]}] $name: $method $path ($mode mode, baseline: $baseline)"

  # 1. a pgbench baseline, alone, before the app fills the database
  b_rps=- b_lat="- / - / -" b_name=- pgbench_tx=0
  if [ "$baseline" = pgbench ]; then
    pgbench_prepare "$name-baseline"; pg_reference_done=1
  fi

  # 2. the app, alone
  r_rps=0 r_p50=0 r_p99=0 r_max=0 r_err=0 r_n=0
  script="$run_dir/lua/$name.lua"
  {
    echo "-- generated by bench/run.sh for scenario $name"
    [ "$method" = GET ] || printf 'wrk.method = "%s"\n' "$method"
    [ -z "$body" ] || printf 'wrk.body = [==[%s]==]\n' "$body"
    if [ -n "$lua" ]; then echo "-- bench/lua/$lua"; cat "$bench/lua/$lua"; echo; fi
    echo "-- bench/lua/report.lua"; cat "$bench/lua/report.lua"
  } >"$script"
  header_args=()
  for h in "${headers[@]}"; do header_args+=(-H "$h"); done

  status=""
  if ! start_app "$name"; then
    status="ERROR: the app did not become ready"
  elif declare -F prepare >/dev/null && ! prepare "$app_url"; then
    status="ERROR: prepare failed"
  elif [ "$baseline" = kestrel ]; then
    measure_paired "$name" "$path" "$script" "${header_args[@]}" || status="ERROR: wrk or the bare Kestrel baseline failed"
  elif ! { [ "$mode" != cluster ] || pg_writes_snapshot "$run_dir/raw/$name-pg-before.txt"; }; then
    status="ERROR: reading PostgreSQL's statistics failed"
  elif [ "$baseline" = pgbench ] && ! measure_paired_pgbench "$name" "$app_url$path" "$script" "${header_args[@]}"; then
    status="ERROR: wrk or the pgbench baseline failed"
  elif [ "$baseline" != pgbench ] && ! cpu_label=$([ "$mode" = cluster ] && echo "$name") wrk_measure "$name-app" "$app_url$path" "$script" "${header_args[@]}"; then
    status="ERROR: wrk failed"
  elif declare -F drain >/dev/null; then
    # Asynchronous work the requests started (events, sagas): the scenario's drain() polls a real read
    # path until it caught up, and prints markdown lines for the results file.
    echo "   $name: drain"
    drain_out="$run_dir/raw/$name-drain.txt"
    measured_file="$run_dir/raw/$name-app.txt"; [ "$baseline" != pgbench ] || measured_file="$run_dir/raw/$name-app-all.txt"
    if run_tracked drain "$drain_out" drain "$app_url" "$run_dir/raw/$name-app-warmup.txt" "$measured_file"; then
      drain_ok=1
    else
      drain_ok=0
    fi
    sed 's/^/      /' "$drain_out"
    after_notes+=("### $name" "" "$(cat "$drain_out")" "")
    if [ "$drain_ok" = 0 ]; then
      notes+=("$name: the drain step failed: the asynchronous work did not catch up (see *After the measurement*).")
      drain_failed=1
    fi
  fi
  if [ -z "$status" ] && [ -f "$run_dir/raw/$name-cpu-after.txt" ]; then
    # Where the time went: CPU per component over the measured run, and database writes from the end of
    # prepare() to now (the drain, if any, has let the asynchronous work finish), per request.
    sleep 2 # PostgreSQL backends report their statistics at most once a second
    pg_writes_snapshot "$run_dir/raw/$name-pg-after.txt"
    measured=$(wrk_requests "$run_dir/raw/$name-app.txt")
    requests=$(wrk_requests "$run_dir/raw/$name-app-warmup.txt" "$run_dir/raw/$name-app.txt")
    [ "$baseline" != pgbench ] || requests=$(wrk_requests "$run_dir/raw/$name-app-warmup.txt" "$run_dir/raw/$name-app-all.txt")
    where_out=$(cpu_report "$run_dir/raw/$name-cpu-before.txt" "$run_dir/raw/$name-cpu-after.txt" "${measured:-0}" "$duration"
      echo
      pg_writes_report "$run_dir/raw/$name-pg-before.txt" "$run_dir/raw/$name-pg-after.txt" "$requests" "$pgbench_tx")
    # shellcheck disable=SC2001 # indents every line of the report; ${var//} cannot anchor at line starts
    sed 's/^/      /' <<<"$where_out"
    declare -F drain >/dev/null || after_notes+=("### $name" "")
    after_notes+=("$where_out" "")
  fi
  if [ -n "$status" ]; then
    echo "   $status" >&2
    notes+=("$name: $status. Log tails:" '```' "$(app_logs_tail "$name")" '```')
  fi
  stop_app
  app_rps=${r_rps:-0} app_p50=${r_p50:-0} app_p99=${r_p99:-0} app_max=${r_max:-0} app_err=${r_err:-0} app_n=${r_n:-0}

  r_rps=$app_rps r_p50=$app_p50 r_p99=$app_p99 r_max=$app_max r_err=$app_err r_n=$app_n

  # 3. ratio, target, verdict
  targets=() ok=1
  [ "${drain_failed:-0}" = 0 ] || ok=0
  drain_failed=0
  if [ -n "$status" ]; then
    rows+=("| $name | $mode | $method $path | - | - | - | $b_name | $b_rps | $b_lat | - | - | ${status%%:*} |")
    failures=$((failures + 1))
    continue
  fi
  ratio=-
  if [ "$baseline" != none ]; then ratio=$(ratio_of "$r_rps" "$b_rps"); fi
  if [ -n "$target_ratio" ]; then
    targets+=(">= ${target_ratio}x")
    awk -v r="${ratio%x}" -v t="$target_ratio" 'BEGIN { exit !(r >= t) }' || ok=0
  fi
  if [ -n "$target_rps" ]; then
    targets+=(">= $target_rps req/s")
    awk -v r="$r_rps" -v t="$target_rps" 'BEGIN { exit !(r >= t) }' || ok=0
  fi
  if [ -n "$target_p99_ms" ]; then
    targets+=("p99 <= $target_p99_ms ms")
    awk -v p="$r_p99" -v t="$target_p99_ms" 'BEGIN { exit !(p <= t) }' || ok=0
  fi
  if [ ${#targets[@]} -eq 0 ]; then
    verdict="info"; target_text="- (information)"
    [ "$r_err" -eq 0 ] || verdict="info, $r_err errors"
  else
    target_text=$(IFS=,; echo "${targets[*]}"); target_text=${target_text//,/, }
    { [ "$r_err" -eq 0 ] && [ "$r_n" -gt 0 ]; } || ok=0
    if [ "$ok" = 1 ]; then verdict="**PASS**"; else verdict="**FAIL**"; failures=$((failures + 1)); fi
  fi
  [ "$r_err" -eq 0 ] || notes+=("$name: wrk counted $r_err errors (connect/read/write/timeout or HTTP status >= 400); see its raw output below.")
  rows+=("| $name | $mode | $method $path | $r_rps | $(fmt_lat "$r_p50" "$r_p99" "$r_max") | $r_err | $b_name | $b_rps | $b_lat | $ratio | $target_text | $verdict |")
  echo "   -> app $r_rps req/s vs baseline $b_rps: $ratio  $verdict"
done

if [ "$reference_pgbench" = 1 ] && [ -z "${pg_reference_done:-}" ]; then
  echo "== pgbench upsert baseline (reference for persisted-write scenarios)"
  measure_pgbench "pgbench-reference"
  pg_row="| $r_rps | $(fmt_lat "$r_p50" "$r_p99" "$r_max") | ${r_mean:-} ms | $r_err |"
fi

# ---------------------------------------------------------------- the results file

finished_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
out="$run_dir/results.md" # the whole run; bench/tools/results.py files each scenario's part below

commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
branch=$(git -C "$root" rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
changed=$(git -C "$root" status --porcelain 2>/dev/null | wc -l)
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)
mem_gib=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
aspnet=$(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.AspNetCore.App/ { print $2 }' | tail -n1)
gc_mode() { grep -q '"System.GC.Server": true' "$1" 2>/dev/null && echo server || echo workstation; }

{
  echo "# Bench run $stamp ($short_name)"
  echo
  [ -z "${BENCH_NOTE:-}" ] || printf '> Note: %s\n\n' "${BENCH_NOTE//$'\n'/ }"
  echo "Run \`$invocation\` from $started_at to $finished_at (UTC), BENCH_DURATION=$duration s per measurement."
  echo
  echo "| scenario | mode | request | app req/s | app p50 / p99 / max ms | app errors | baseline | baseline req/s | baseline p50 / p99 / max ms | ratio | target | result |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  if [ -n "${pg_row:-}" ]; then
    echo
    echo "Raw pgbench single-row upserts on a throwaway PostgreSQL with fsync on (the baseline of persisted-write"
    echo "scenarios, held to >= 0.5x its tx/s):"
    echo
    echo "| tx/s | p50 / p99 / max ms | mean | failed |"
    echo "|---|---|---|---|"
    echo "$pg_row"
  fi
  echo
  echo "## How this was measured"
  echo
  echo "- Never two servers under load at once. App and baseline are measured **in turns**: each is warmed up, then $pairs"
  echo "  pairs of ${duration} s runs follow (app first in odd pairs, baseline first in even ones). A server whose turn it is not"
  echo "  is frozen (SIGSTOP), so it uses no CPU, and a thawed server gets ${resume_round} s of discarded load before its run."
  echo "  pgbench warms up on its fresh table before the app starts, and runs on the same PostgreSQL while the app is frozen."
  echo "  Their figures pool the runs (requests over time; percentiles from wrk's merged latency histograms), so a drift"
  echo "  in the machine's speed falls on both sides. The baseline gets the app run's own wrk script and headers (same"
  echo "  paths, tokens and Lua), so the load generator, which shares the cores, costs the same on both sides."
  echo "  Warm-up: discarded rounds of ${warmup_round} s, at least ${warmup} s of them (or the scenario's warmup_min), then until two"
  echo "  in a row agreed within ${warmup_tolerance}% (tiered JIT and dynamic PGO recompile thousands of methods in the first"
  echo "  30-60 s of load on this machine), at most ${warmup_max} s. pgbench: one ${warmup_round} s warm-up."
  echo "  Warm-up rounds (req/s) per measurement:"
  for entry in "${warmups[@]}"; do
    IFS='|' read -r w_label w_rates w_settled <<<"$entry"
    echo "  - $w_label: $w_rates$([ "$w_settled" = yes ] || echo " (not settled)")"
  done
  if [ ${#pair_lines[@]} -gt 0 ]; then
    echo
    echo "Measured runs in turns (req/s; each ${duration} s):"
    echo
    echo "| scenario | pair | order | app | baseline | ratio |"
    echo "|---|---|---|---|---|---|"
    for entry in "${pair_lines[@]}"; do echo "| ${entry//|/ | } |"; done
    echo
  fi
  echo "- Load: wrk, $connections connections, $threads threads, --latency, --timeout $wrk_timeout, on the same machine:"
  echo "  wrk and the server share the $(nproc) cores, so absolute numbers are lower than on separate machines;"
  echo "  compare ratios, not absolutes. Latencies come from wrk's own histogram via bench/lua/report.lua"
  echo "  (each app run's script, under bench/.work/runs/, is the scenario's method/body/Lua followed by report.lua)."
  echo "- **wrk is closed-loop** (each connection waits for its answer before sending the next request), so it"
  echo "  suffers from coordinated omission: p99 and max here are optimistic, not what an open-loop client would see."
  echo "- The app ran with \`Logging__LogLevel__Default=Warning Logging__LogLevel__OneDay=Warning\` (no per-request"
  echo "  logs); the bare Kestrel baseline has no logging providers at all, so neither logs per request. Other"
  echo "  settings are the app's defaults (including the Orleans dashboard, on by default)."
  echo "- GC: app $(gc_mode "$work/embedded/OneDay.Embedded.runtimeconfig.json"), bare Kestrel $(gc_mode "$work/kestrel/BareKestrel.runtimeconfig.json") (from their runtimeconfig.json)."
  echo "- Embedded mode: one OneDay.Embedded process (the gateway co-hosting a silo with every domain) and in-memory storage."
  [ "$need_silo" = 1 ] && echo "- Cluster mode: $silo_count OneDay.Silo process(es) (all domains) + the OneDay.Api gateway, state in the run's PostgreSQL."
  if [ "$need_pg" = 1 ]; then
    echo "- PostgreSQL $pg_version, throwaway (initdb per run, 127.0.0.1, trust auth, via $pg_lib): $pg_settings."
    echo "  pgbench: $connections clients, -j $threads, one autocommit upsert per transaction over $pg_keys pre-filled keys"
    echo "  (bench/pgbench/upsert.sql); latency percentiles from its per-transaction log (-l)."
  fi
  if [ "$need_rmq" = 1 ] && [ -n "$rmq_version" ]; then
    echo "- RabbitMQ $rmq_version (Erlang $rmq_erlang), throwaway node (127.0.0.1, own node name, epmd and data dir, no"
    echo "  plugins, default server settings, via $rmq_lib) for scenarios with streams=rabbitmq. Silos and gateway got"
    echo "  \`OneDay__Streams__Provider=RabbitMQ OneDay__RabbitMq__Host=127.0.0.1 OneDay__RabbitMq__Port=<port>"
    echo "  OneDay__RabbitMq__QueueNamePrefix=bench-<scenario>\`; the rest are the adapter's defaults (8 durable queues,"
    echo "  persistent messages, publisher confirms over 16 pooled channels, prefetch 1000, manual acks after delivery)."
  fi
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(nproc) cores (nproc)${cpu_model:+, $cpu_model}; memory: $mem_gib GiB; kernel $(uname -r)"
  echo "- dotnet --version: $(dotnet --version); ASP.NET Core runtime $aspnet"
  echo "- wrk: $({ wrk -v 2>&1 || true; } | sed -n '1s/ *Copyright.*//p')"
  [ "$need_pg" = 1 ] && echo "- pgbench: $(pgbench --version)"
  echo "- load average (1/5/15 min): $load_before before the run, $load_after after (includes this run's own load)"
  echo "- CPU busy with other processes in the second before each measurement: $(IFS=,; busy="${busy_checks[*]}"; echo "${busy//,/, }")"
  echo "- git: $commit ($branch)$([ "$changed" -gt 0 ] && echo ", working tree with $changed changed/untracked paths")"
  if [ ${#after_notes[@]} -gt 0 ]; then
    echo
    echo "## After the measurement"
    echo
    echo "What each scenario's drain step saw once wrk stopped (asynchronous work the requests started), and for"
    echo "cluster scenarios where the CPU went during the measured run and where the database writes went."
    echo
    printf '%s\n' "${after_notes[@]}"
  fi
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    echo "## Problems"
    echo
    printf '%s\n' "${notes[@]}"
  fi
  echo
  echo "## Commands"
  echo
  echo "In order, as run (paths relative to the repository root; ports were free ones picked for this run)."
  echo
  echo '```'
  printf '%s\n' "${commands[@]}"
  echo '```'
  echo
  echo "## Raw outputs"
  for entry in "${raw_files[@]}"; do
    echo
    echo "<details><summary>${entry%%|*}</summary>"
    echo
    echo '```'
    grep -v '^BENCH_' "${entry#*|}" || true
    grep '^BENCH_RESULT' "${entry#*|}" || true
    echo '```'
    echo
    echo "</details>"
  done
} >"$out"

echo
echo "Results (the whole run: ${out#"$root"/}; logs: ${run_dir#"$root"/}):"
python3 "$bench/tools/results.py" "$out" | sed "s|^$root/|  |" ||
  { echo "filing the results into bench/results/ failed; the whole run is in ${out#"$root"/}" >&2; exit 1; }
if [ "$failures" -gt 0 ]; then echo "$failures scenario(s) FAILED or could not run." >&2; exit 1; fi
