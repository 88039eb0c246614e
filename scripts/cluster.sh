#!/usr/bin/env bash
# A real local OneDay cluster on loopback: a throwaway PostgreSQL, a throwaway RabbitMQ for the durable
# event streams (memory streams, with a warning, when rabbitmq-server is not installed), 4 silos (one per
# domain group, as in k8s/silo/) and 1 gateway on port 3000.   scripts/cluster.sh up | down | status
# Everything it starts is recorded under .cluster/, and `down` stops exactly that and removes it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.cluster"
# shellcheck source=lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
# shellcheck source=lib/rabbitmq.sh
source "$root/scripts/lib/rabbitmq.sh"

cluster_id=oneday-local
gateway_port=${ONEDAY_GATEWAY_PORT:-3000}
# name:domains:silo-port:gateway-port:metrics-port (each silo serves /metrics on its own port)
silos=(
  "silo-users:users,security:11111:30000:9464"
  "silo-jobs:jobs,matching:11112:30001:9465"
  "silo-payments:payments:11113:30002:9466"
  "silo-communication:communication,analytics:11114:30003:9467"
)

connection_string() { echo "Host=127.0.0.1;Port=$(cat "$state/pg.port");Username=postgres;Database=oneday"; }

start_process() { # name, then the command; output to .cluster/NAME.log, pid to .cluster/NAME.pid
  local name=$1; shift
  nohup "$@" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

up() {
  if [ -d "$state" ]; then echo "A cluster is already up (see: $0 status; $0 down)." >&2; exit 1; fi
  mkdir -p "$state"
  echo "Building (Release)..."
  dotnet build "$root/OneDay.sln" -c Release -v quiet -nologo >"$state/build.log" 2>&1 || { cat "$state/build.log"; exit 1; }
  local pg_port; pg_port=$(pg_free_port)
  echo "$pg_port" >"$state/pg.port"
  pg_temp_start "$state/pg" "$pg_port"
  local cs; cs=$(connection_string)
  local silo_dll="$root/OneDay.Silo/bin/Release/net10.0/OneDay.Silo.dll"
  local api_dll="$root/OneDay.Api/bin/Release/net10.0/OneDay.Api.dll"
  OneDay__Postgres__ConnectionString="$cs" dotnet "$silo_dll" migrate

  # Keys and a CA with the certificate it issued, made for this cluster only (removed by `down`).
  dotnet "$silo_dll" secrets "$state/secrets" >/dev/null
  # Settings every process of the cluster shares, mutual TLS between silos and gateway included.
  export OneDay__Mode=Cluster OneDay__ClusterId=$cluster_id OneDay__Postgres__ConnectionString="$cs"
  export OneDay__Tls__CertificatePath="$state/secrets/tls/tls.crt" OneDay__Tls__KeyPath="$state/secrets/tls/tls.key" \
    OneDay__Tls__CaCertificatePath="$state/secrets/tls/ca.crt"
  # Registering with this address gives the local cluster its first admin (dashboard, audit, events).
  export OneDay__Security__BootstrapAdminEmail=${ONEDAY_ADMIN_EMAIL:-admin@oneday.local}
  if [ -x "$rmq_bin/rabbitmq-server" ]; then
    local rmq_port; rmq_port=$(pg_free_port)
    echo "Starting a throwaway RabbitMQ on 127.0.0.1:$rmq_port..."
    rmq_temp_start "$state/rmq" "$rmq_port"
    export OneDay__Streams__Provider=RabbitMQ OneDay__RabbitMq__Host=127.0.0.1 OneDay__RabbitMq__Port=$rmq_port
  else
    echo "warning: rabbitmq-server is not installed; events use memory streams (apt-get install -y rabbitmq-server)" >&2
  fi

  local gateways=""
  for spec in "${silos[@]}"; do
    IFS=: read -r name domains silo_port gw_port metrics_port <<<"$spec"
    OneDay__Domains="$domains" OneDay__Silo__SiloPort="$silo_port" OneDay__Silo__GatewayPort="$gw_port" \
      OneDay__Telemetry__MetricsUrl="http://127.0.0.1:$metrics_port" \
      OneDay__Security__SiloKeyFile="$state/secrets/silo/silo-key" start_process "$name" dotnet "$silo_dll"
    gateways="${gateways:+$gateways,}127.0.0.1:$gw_port"
  done
  # The gateway reaches only the silos: it gets their endpoints, and no database or broker settings.
  OneDay__Gateways="$gateways" OneDay__Security__SigningKeyFile="$state/secrets/signing/signing-key" \
    start_process gateway env -u OneDay__Postgres__ConnectionString -u OneDay__Streams__Provider \
    -u OneDay__RabbitMq__Host -u OneDay__RabbitMq__Port dotnet "$api_dll" --urls "http://127.0.0.1:$gateway_port"

  echo -n "Waiting for the gateway to be ready"
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$gateway_port/health/ready" >/dev/null 2>&1; then
      echo " - ready."; status; return 0
    fi
    echo -n "."; sleep 1
  done
  echo " - not ready after 120 s; logs are in $state" >&2
  exit 1
}

down() {
  if [ ! -d "$state" ]; then echo "No cluster is up."; return 0; fi
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -d "$state/rmq" ] && rmq_temp_stop "$state/rmq"
  [ -d "$state/pg" ] && pg_temp_stop "$state/pg"
  rm -rf "$state"
  echo "Cluster stopped and its data removed."
}

status() {
  if [ ! -d "$state" ]; then echo "No cluster is up."; return 0; fi
  echo "Processes:"
  for pidfile in "$state"/*.pid; do
    local name pid; name=$(basename "$pidfile" .pid); pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then echo "  $name (pid $pid) running"; else echo "  $name (pid $pid) NOT running"; fi
  done
  echo "Membership, as the cluster sees it:"
  psql "host=127.0.0.1 port=$(cat "$state/pg.port") user=postgres dbname=oneday" -X -q -c \
    "SELECT siloname, address || ':' || port AS endpoint, generation,
            CASE status WHEN 3 THEN 'Active' WHEN 6 THEN 'Dead' WHEN 1 THEN 'Created' WHEN 2 THEN 'Joining'
                        WHEN 4 THEN 'ShuttingDown' WHEN 5 THEN 'Stopping' ELSE status::text END AS status,
            iamalivetime
       FROM orleansmembershiptable WHERE deploymentid = '$cluster_id' ORDER BY port, generation"
  if [ -f "$state/rmq/env" ]; then
    echo "RabbitMQ (event streams): 127.0.0.1:$(sed -n 's/^RABBITMQ_NODE_PORT=//p' "$state/rmq/env")"
  else
    echo "Event streams: memory (no RabbitMQ)"
  fi
  echo "Gateway: http://127.0.0.1:$gateway_port  (ready: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$gateway_port/health/ready"))"
  echo -n "Metrics: http://127.0.0.1:$gateway_port/metrics"
  for spec in "${silos[@]}"; do echo -n "  http://127.0.0.1:${spec##*:}/metrics"; done
  echo
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
