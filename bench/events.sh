#!/usr/bin/env bash
# Domain events end to end through the RabbitMQ stream provider (grain outbox -> durable queue ->
# Orleans pulling agent -> idempotent consumer) against a plain RabbitMQ.Client publish/consume loop
# with the same durability, measured in the same run on a throwaway broker. Files the results into
# bench/results/events.md (the bench runner's `file` command). Target: app events/s >= 0.5x the plain loop.
#
#   bash bench/events.sh     BENCH_EVENTS=20000 events per measurement, BENCH_PRODUCERS=64 producers,
#                            BENCH_ROUNDS=3 alternating plain/app rounds (the median round is reported),
#                            BENCH_NOTE=... a short note for the history row
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work="$root/bench/.work"
events=${BENCH_EVENTS:-20000}
producers=${BENCH_PRODUCERS:-64}
rounds=${BENCH_ROUNDS:-3}
invocation="$(env | { grep -E '^BENCH_(EVENTS|PRODUCERS|ROUNDS)=' || true; } | sort | tr '\n' ' ')bash bench/events.sh"
stamp=$(date -u +%Y-%m-%dT%H%MZ)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
run_dir="$work/runs/$stamp-events-$$"
broker="$run_dir/rabbitmq"
mkdir -p "$run_dir"

# shellcheck source=../scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
# shellcheck source=../scripts/lib/rabbitmq.sh
source "$root/scripts/lib/rabbitmq.sh"

exec 9>"$work/run.lock"
flock -n 9 || { echo "another bench run holds $work/run.lock" >&2; exit 1; }
trap 'rmq_temp_stop "$broker"' EXIT

echo "building EventsBench (Release)..."
dotnet publish "$root/bench/events/EventsBench/EventsBench.csproj" -c Release -o "$work/events" \
  --artifacts-path "$work/artifacts" -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false >"$run_dir/publish.log"

port=$(pg_free_port)
echo "starting a throwaway RabbitMQ on 127.0.0.1:$port..."
rmq_temp_start "$broker" "$port"
rabbit_version=$(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null || echo unknown)

echo "measuring $rounds rounds of $events events, $producers concurrent producers..."
status=0
dotnet "$work/events/EventsBench.dll" "$port" "$events" "$producers" "$rounds" >"$run_dir/table.md" 2>"$run_dir/stderr.log" || status=$?
[ -s "$run_dir/table.md" ] || { echo "EventsBench failed:" >&2; tail -n 30 "$run_dir/stderr.log" >&2; exit 1; }
cat "$run_dir/table.md"

result="$run_dir/results.md"
{
  echo "# Bench run $stamp (events)"
  echo
  [ -z "${BENCH_NOTE:-}" ] || printf '> Note: %s\n\n' "${BENCH_NOTE//$'\n'/ }"
  echo "Run \`$invocation\` from $started to $(date -u +%Y-%m-%dT%H:%M:%SZ) (UTC)."
  echo
  cat "$run_dir/table.md"
  echo
  echo "## How this was measured"
  echo
  echo "- One process (bench/events/EventsBench), one throwaway RabbitMQ $rabbit_version node (scripts/lib/rabbitmq.sh,"
  echo "  durable queues, data on local disk). $rounds rounds, each the plain loop then the app, never both"
  echo "  under load; the median round of each path is in the table. Each ran a discarded warm-up of"
  echo "  $((events / 10)) events first. Both stay connected (the app's silo idles) while the other measures."
  echo "- **plain**: RabbitMQ.Client 7.2.2 alone: 8 durable queues, persistent 400-byte messages, publisher"
  echo "  confirms awaited per message over 16 pooled channels (the app's PublisherChannels is set to match), $producers concurrent producers, one consumer per"
  echo "  queue with manual ack and prefetch 1000. Handling = recording the latency, then acking."
  echo "- **app**: a silo configured as OneDay runs (\`OneDay:Mode=Embedded\`, \`OneDay:Streams:Provider=RabbitMQ\`,"
  echo "  8 queues): $producers producer grains each emit one event per call (outbox in state, in-memory"
  echo "  state write, publish with confirm), Orleans' pulling agents and cache deliver to an idempotent"
  echo "  consumer grain per producer (processed-id window, state write); each producer also appends every"
  echo "  event to the in-memory event store, as in production. Latency = Stopwatch timestamp in the payload at the"
  echo "  producer to the consumer's handler (same process, so no clock skew)."
  echo "- events/s = events / (first publish to last handle). Ratio = app events/s / plain events/s."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(nproc) cores; memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); kernel $(uname -r)"
  echo "- dotnet --version: $(dotnet --version); RabbitMQ $rabbit_version"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- git: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' (working tree dirty)')"
} >"$result"
dotnet run --project "$root/bench/OneDay.Bench" -c Release -- file "$result" | sed "s|^$root/|wrote |"
exit $status
